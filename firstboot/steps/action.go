// Package steps is what firstboot does on a node, as the reference guide
// (../shared/seed/openstack-rocky-centos7-install-guide.zh.txt) and, where
// it is silent, the official OpenStack Rocky installation guide for
// CentOS (docs.openstack.org/*/rocky/install/*-rdo.html) do it by hand.
// For returns the ordered steps of a node's roles; each step is a list of
// check-then-act actions on a Host: configuration edits, commands,
// services, and calls to MariaDB, RabbitMQ and Keystone through small
// interfaces.
package steps

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

// Status is what an action's check found.
type Status int

const (
	// Todo means the action must be applied.
	Todo Status = iota
	// Done means the host already is as the action wants it.
	Done
	// Unknown means the action cannot tell (an idempotent command such as
	// db_sync): it is applied whenever its step runs, and does not fail
	// the verification of a finished step.
	Unknown
)

// Action is one check-then-act operation.
type Action interface {
	// String describes the action for the plan: the command, SQL
	// statements, API calls or file edits. It holds secret values, which
	// every caller redacts; the journal hashes it to notice a changed
	// input.
	String() string
	// Check looks at the host without changing it.
	Check(ctx context.Context, e *Env) (Status, error)
	// Apply makes the change.
	Apply(ctx context.Context, e *Env) error
}

// FileAction is an action that writes a configuration file (or link);
// `firstboot render` applies only these.
type FileAction interface {
	Action
	File() string
}

// Step is a named, ordered list of actions; running it twice is safe.
type Step interface {
	Name() string
	Actions() []Action
	Policy() Policy
}

// Policy bounds a step's run.
type Policy struct {
	// Timeout is the time one attempt may take.
	Timeout time.Duration
	// Attempts is how many times the step is tried before firstboot
	// gives up; Backoff is the first pause between attempts, doubled each
	// time up to MaxBackoff.
	Attempts   int
	Backoff    time.Duration
	MaxBackoff time.Duration
	// Waiting marks a step that waits for another node: while it
	// retries, the status says "waiting" and why.
	Waiting bool
}

// DefaultPolicy suits a configuration step.
var DefaultPolicy = Policy{Timeout: 10 * time.Minute, Attempts: 3, Backoff: 5 * time.Second, MaxBackoff: time.Minute}

// WaitPolicy suits a step that waits for the controller (an hour).
var WaitPolicy = Policy{Timeout: 2 * time.Minute, Attempts: 60, Backoff: 5 * time.Second, MaxBackoff: time.Minute, Waiting: true}

type step struct {
	name    string
	actions []Action
	policy  Policy
}

func (s *step) Name() string      { return s.name }
func (s *step) Actions() []Action { return s.actions }
func (s *step) Policy() Policy    { return s.policy }

func newStep(name string, actions ...Action) *step {
	return &step{name: name, actions: actions, policy: DefaultPolicy}
}

// Env is the host and the services the actions act on.
type Env struct {
	Root     *host.Root
	Runner   host.Runner
	DB       Databases
	Rabbit   Rabbit
	Identity Identity
	Wait     Controller
	Health   Health
	Log      *slog.Logger
	// Relabel runs restorecon on every file written, so that a file
	// replaced through a temporary file gets its SELinux type back (on a
	// node, where openstack-selinux enforces them).
	Relabel bool
	// Secrets are redacted from every log line and error.
	Secrets []string
	// Changed is set when an action of the running step changed the
	// host; services restart and OnChange commands run when it is set.
	// The engine sets it before a step that has not finished before.
	Changed bool
	// Status, when set, records what a waiting step waits for (in the
	// journal, for firstboot status); it is called with unredacted text.
	Status func(msg string)
}

// status reports msg through Status, if any.
func (e *Env) status(msg string) {
	if e.Status != nil {
		e.Status(msg)
	}
}

// Redact hides the secrets in s.
func (e *Env) Redact(s string) string { return host.Redact(s, e.Secrets) }

func (e *Env) run(ctx context.Context, c host.Cmd) ([]byte, error) {
	c.Redact = append(c.Redact, e.Secrets...)
	return e.Runner.Run(ctx, c)
}

// indent joins an action's detail lines under its first line.
func indent(first string, lines []string) string {
	if len(lines) == 0 {
		return first
	}
	return first + "\n    " + strings.Join(lines, "\n    ")
}
