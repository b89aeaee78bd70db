// Package host is the only package of firstboot that touches the machine:
// files under a Root directory, commands through a Runner, the clock. Every
// host path and binary name lives in this package.
package host

import (
	"context"
	"io"
)

// Cmd is one command to run on the host.
type Cmd struct {
	// Name is the program, Args its arguments (without the program).
	Name string
	Args []string
	// Stdin, when set, is fed to the command (use it for secrets rather
	// than argv where the program allows).
	Stdin io.Reader
	// Env is added to the environment as KEY=value.
	Env []string
	// Probe marks a read-only command that answers a yes/no question
	// by its exit code (0 yes, 1 no); runners log probes at debug level.
	Probe bool
	// Redact lists secret values that appear in Args, Env or the output;
	// logs and errors show them as ******.
	Redact []string
}

// Runner runs commands. The real one execs them on the host; tests use a
// recording runner that answers from a table.
type Runner interface {
	Run(ctx context.Context, c Cmd) (stdout []byte, err error)
}
