package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

// when says when a command runs.
type when int

const (
	// checked commands run unless their probe succeeds.
	checked when = iota
	// always commands are idempotent by nature (db_sync) and run
	// whenever their step runs.
	always
	// onChange commands run when the step changed something (sysctl -p
	// after sysctl.conf changed).
	onChange
)

// command runs a program, check-then-act.
type command struct {
	cmd host.Cmd
	// unless is a probe: exit code 0 means done, 1 means todo, anything
	// else is an error.
	unless *host.Cmd
	when   when
}

func (c *command) String() string {
	s := c.cmd.String()
	switch {
	case c.unless != nil:
		s += "   # unless " + c.unless.String()
	case c.when == onChange:
		s += "   # when the step changed the host"
	}
	return s
}

func (c *command) Check(ctx context.Context, e *Env) (Status, error) {
	switch {
	case c.when == always:
		return Unknown, nil
	case c.when == onChange && e.Changed:
		return Todo, nil
	case c.when == onChange:
		return Unknown, nil
	case c.unless != nil:
		return probe(ctx, e, *c.unless)
	}
	return Todo, nil
}

func (c *command) Apply(ctx context.Context, e *Env) error {
	if c.when == checked {
		e.Changed = true
	}
	_, err := e.run(ctx, c.cmd)
	return err
}

// probe runs a read-only command: exit 0 is Done, exit 1 Todo.
func probe(ctx context.Context, e *Env, c host.Cmd) (Status, error) {
	c.Probe = true
	_, err := e.run(ctx, c)
	switch code := host.ExitCode(err); {
	case code == 0:
		return Done, nil
	case code > 0: // systemctl is-active says 3, is-enabled 1, vgs 5
		return Todo, nil
	}
	return Todo, fmt.Errorf("checking: %w", err)
}

func cmd(name string, args ...string) host.Cmd { return host.Cmd{Name: name, Args: args} }

// run is a checked command with a probe.
func run(c host.Cmd, unless host.Cmd) *command { return &command{cmd: c, unless: &unless} }

// runAlways is an idempotent command.
func runAlways(c host.Cmd) *command { return &command{cmd: c, when: always} }

// runOnChange is a command for after a change.
func runOnChange(c host.Cmd) *command { return &command{cmd: c, when: onChange} }

// runCreates is a command that creates a file, unless it exists.
func runCreates(c host.Cmd, path string) *command { return run(c, cmd(host.Test, "-e", path)) }

// asUser runs a shell command line as a service user, as the guide's
// `su -s /bin/sh -c "keystone-manage db_sync" keystone`.
func asUser(user string, line ...string) host.Cmd {
	return cmd(host.Su, "-s", host.Shell, "-c", strings.Join(line, " "), user)
}

// service enables and starts units, or restarts them when restart is set
// and the step changed the host.
type service struct {
	units   []string
	restart bool
}

func (s *service) String() string {
	verb := "start"
	if s.restart {
		verb = "restart (when the step changed the host, else start)"
	}
	return fmt.Sprintf("%s enable %s; %s %s", host.Systemctl, strings.Join(s.units, " "), verb, strings.Join(s.units, " "))
}

func (s *service) Check(ctx context.Context, e *Env) (Status, error) {
	if s.restart && e.Changed {
		return Todo, nil
	}
	for _, u := range s.units {
		for _, verb := range []string{"is-enabled", "is-active"} {
			st, err := probe(ctx, e, cmd(host.Systemctl, verb, "--quiet", u))
			if st != Done || err != nil {
				return st, err
			}
		}
	}
	return Done, nil
}

func (s *service) Apply(ctx context.Context, e *Env) error {
	if _, err := e.run(ctx, cmd(host.Systemctl, append([]string{"enable"}, s.units...)...)); err != nil {
		return err
	}
	verb := "start"
	if s.restart && e.Changed {
		verb = "restart"
	}
	_, err := e.run(ctx, cmd(host.Systemctl, append([]string{verb}, s.units...)...))
	return err
}

// enable enables and starts units.
func enable(units ...string) *service { return &service{units: units} }

// restart enables units and restarts them when the step changed the host.
func restart(units ...string) *service { return &service{units: units, restart: true} }
