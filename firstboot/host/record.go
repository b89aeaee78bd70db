package host

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Recorder is a Runner for tests: it records every command (secrets
// redacted) and fakes the little of CentOS 7 that firstboot asks about:
// systemd units, and the answers of probes (see Cmd.Probe). Any other command succeeds with no output, unless Fail
// names it.
type Recorder struct {
	// Fail maps a program name to the error its calls return.
	Fail map[string]error

	mu    sync.Mutex
	calls []Call
	state map[string]bool
	// pending is the last probe that said no.
	pending string
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{state: map[string]bool{}}
}

// Call is one recorded command.
type Call struct {
	// Line is the command line with secrets redacted, and its standard
	// input after "<<<".
	Line  string
	Probe bool
}

// Calls returns the recorded commands.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Reset forgets the recorded calls, keeping the faked machine state.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = nil
}

// Run implements Runner.
func (r *Recorder) Run(ctx context.Context, c Cmd) ([]byte, error) {
	line := c.String()
	if c.Stdin != nil {
		b, _ := io.ReadAll(c.Stdin)
		line += " <<< " + Redact(string(b), c.Redact)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, Call{Line: line, Probe: c.Probe})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := r.Fail[c.Name]; err != nil {
		return nil, &ExitError{Argv: c.String(), Code: 1, Err: err, Stderr: Redact(err.Error(), c.Redact)}
	}
	out, ok := r.fake(c)
	if !ok {
		return nil, &ExitError{Argv: c.String(), Code: 1}
	}
	return []byte(out), nil
}

// fake answers a command from the faked state; ok false is exit code 1.
// systemctl is faked as systemd would answer. Any other probe says no
// until a command runs after it: that is the check-then-act pattern, so
// the command is taken to have done what the probe asked about.
func (r *Recorder) fake(c Cmd) (string, bool) {
	if c.Name == Systemctl {
		return r.systemctl(c.Args)
	}
	line := c.String()
	if c.Probe {
		if r.state["probe "+line] {
			return "", true
		}
		r.pending = line
		return "", false
	}
	if r.pending != "" {
		r.state["probe "+r.pending] = true
		r.pending = ""
	}
	return "", true
}

func (r *Recorder) systemctl(args []string) (string, bool) {
	if len(args) < 2 {
		return "", true
	}
	verb, units := args[0], slices.DeleteFunc(slices.Clone(args[1:]), func(a string) bool { return strings.HasPrefix(a, "-") })
	if len(units) == 0 {
		return "", true
	}
	switch verb {
	case "is-enabled":
		return "", r.state["enabled "+units[0]]
	case "is-active":
		return "", r.state["active "+units[0]]
	case "enable":
		r.set("enabled ", units)
	case "start", "restart":
		r.set("active ", units)
	case "stop":
		for _, u := range units {
			delete(r.state, "active "+u)
		}
	}
	return "", true
}

func (r *Recorder) set(prefix string, units []string) {
	for _, u := range units {
		r.state[prefix+u] = true
	}
}

// String summarises the recorder for test failures.
func (r *Recorder) String() string {
	return fmt.Sprintf("Recorder{%d calls}", len(r.Calls()))
}
