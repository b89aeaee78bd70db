package svctest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// errExited stands for a zero exit status of a service that should run.
var errExited = errors.New("svctest: service exited")

// proc is one long-running service process, in its own process group so
// that stopping it also stops what it forked.
type proc struct {
	name string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// startProc starts argv with env added, its output going to dir/name.log.
func startProc(dir, name string, env []string, argv ...string) (*proc, error) {
	logPath := filepath.Join(dir, name+".log")
	f, err := os.Create(logPath) //nolint:gosec // a path under the test's own directory
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", logPath, err)
	}
	defer func() { _ = f.Close() }()
	cmd := exec.Command(argv[0], argv[1:]...) //nolint:gosec // the harness runs the services it was asked to
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	p := &proc{name: name, log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	return p, nil
}

// exited reports the process's exit, or nil while it runs.
func (p *proc) exited() error {
	select {
	case <-p.done:
		err := p.err
		if err == nil {
			err = errExited
		}
		return fmt.Errorf("%s exited: %w; its log ends with:\n%s", p.name, err, tail(p.log))
	default:
		return nil
	}
}

// stop sends SIGTERM to the process group, then SIGKILL after a grace
// period, and waits for the process.
func (p *proc) stop() error {
	if p.exited() != nil {
		return nil
	}
	pgid := -p.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-p.done
	}
	_ = syscall.Kill(pgid, syscall.SIGKILL) // stragglers of the group
	return nil
}

// waitReady polls ready with backoff until it succeeds, the process
// exits, or the timeout passes.
func (p *proc) waitReady(ctx context.Context, timeout time.Duration, ready func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	delay := 50 * time.Millisecond
	for {
		err := ready(ctx)
		if err == nil {
			return nil
		}
		if exit := p.exited(); exit != nil {
			return exit
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w (last error: %w); its log ends with:\n%s",
				p.name, ctx.Err(), err, tail(p.log))
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}

// run runs a short command to completion, returning its combined output
// in the error when it fails.
func run(ctx context.Context, env []string, argv ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...) //nolint:gosec // the harness runs the services' tools
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("running %s: %w: %s", strings.Join(argv, " "), err, lastLines(string(out), 20))
	}
	return out, nil
}

func tail(path string) string {
	b, err := os.ReadFile(path) //nolint:gosec // a log the harness wrote
	if err != nil {
		return err.Error()
	}
	return lastLines(string(b), 30)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
