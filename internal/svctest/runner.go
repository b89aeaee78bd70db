package svctest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

// Runner is a minimal host.Runner that execs commands for tests, adding
// Env to each (e.g. RabbitMQ.Env) and mapping program names through
// Programs (e.g. "rabbitmqctl" to RabbitMQ.Ctl).
type Runner struct {
	Env      []string
	Programs map[string]string
	// Calls counts the commands run, by program name then first argument.
	Calls map[string]int
}

var _ host.Runner = (*Runner)(nil)

// Run runs c and returns its stdout; a failure carries the redacted argv,
// exit status and stderr.
func (r *Runner) Run(ctx context.Context, c host.Cmd) ([]byte, error) {
	name := c.Name
	if p, ok := r.Programs[name]; ok {
		name = p
	}
	if r.Calls != nil {
		r.Calls[strings.Join(append([]string{c.Name}, c.Args[:min(1, len(c.Args))]...), " ")]++
	}
	cmd := exec.CommandContext(ctx, name, c.Args...)
	cmd.Env = append(append(os.Environ(), r.Env...), c.Env...)
	cmd.Stdin = c.Stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		argv := redact(strings.Join(append([]string{c.Name}, c.Args...), " "), c.Redact)
		return out.Bytes(), fmt.Errorf("running %s: %w: %s", argv, err, redact(strings.TrimSpace(errb.String()), c.Redact))
	}
	return out.Bytes(), nil
}

func redact(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "******")
		}
	}
	return s
}
