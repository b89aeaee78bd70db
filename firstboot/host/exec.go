package host

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
)

// Mask replaces secret values.
const Mask = "******"

// Redact replaces every secret in s with ******.
func Redact(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, Mask)
		}
	}
	return s
}

// String is the command line, its environment first as a shell would
// take it, secrets redacted.
func (c Cmd) String() string {
	parts := make([]string, 0, 1+len(c.Env)+len(c.Args))
	for _, e := range c.Env {
		parts = append(parts, quote(e))
	}
	parts = append(parts, c.Name)
	for _, a := range c.Args {
		parts = append(parts, quote(a))
	}
	return Redact(strings.Join(parts, " "), c.Redact)
}

func quote(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\$`*?;&|<>(){}[]") {
		return a
	}
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// ExitError is a failed command: its argv (redacted), exit code and
// standard error (redacted).
type ExitError struct {
	Argv   string
	Code   int
	Stderr string
	Err    error
}

func (e *ExitError) Error() string {
	msg := fmt.Sprintf("running %s: exit code %d", e.Argv, e.Code)
	if s := strings.TrimSpace(e.Stderr); s != "" {
		msg += ": " + s
	}
	return msg
}

func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode returns the exit code of a command's error, 0 for nil and -1
// when it did not exit normally.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var e *ExitError
	if errors.As(err, &e) {
		return e.Code
	}
	return -1
}

// Exec runs commands on this machine, logging each as
// started/finished/failed.
type Exec struct {
	Log *slog.Logger
}

// Run implements Runner.
func (x Exec) Run(ctx context.Context, c Cmd) ([]byte, error) {
	log := x.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	argv := c.String()
	level := slog.LevelInfo
	if c.Probe {
		level = slog.LevelDebug
	}
	log.Log(ctx, level, "started", "cmd", argv)
	cmd := exec.CommandContext(ctx, c.Name, c.Args...)
	killGroup(cmd)
	cmd.Stdin = c.Stdin
	cmd.Env = append(os.Environ(), c.Env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		e := &ExitError{Argv: argv, Code: -1, Stderr: Redact(errb.String(), c.Redact), Err: err}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			e.Code = ee.ExitCode()
		}
		log.Log(ctx, level, "failed", "cmd", argv, "code", e.Code, "stderr", e.Stderr)
		return out.Bytes(), e
	}
	log.Log(ctx, level, "finished", "cmd", argv)
	return out.Bytes(), nil
}
