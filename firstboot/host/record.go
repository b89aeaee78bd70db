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
// systemd units, firewalld ports, LVM volumes, Open vSwitch bridges and
// loaded modules. Any other command succeeds with no output, unless Fail
// names it.
type Recorder struct {
	// Fail maps a program name to the error its calls return.
	Fail map[string]error

	mu    sync.Mutex
	calls []string
	state map[string]bool
	ports map[string][]string
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder {
	return &Recorder{state: map[string]bool{}, ports: map[string][]string{}}
}

// Calls returns the recorded command lines.
func (r *Recorder) Calls() []string {
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
	r.calls = append(r.calls, line)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := r.Fail[c.Name]; err != nil {
		return nil, &ExitError{Argv: c.String(), Code: 1, Err: err, Stderr: Redact(err.Error(), c.Redact)}
	}
	out, ok := r.fake(c.Name, c.Args)
	if !ok {
		return nil, &ExitError{Argv: c.String(), Code: 1}
	}
	return []byte(out), nil
}

// fake answers a command from the faked state; ok false is exit code 1.
func (r *Recorder) fake(name string, args []string) (string, bool) {
	switch name {
	case Systemctl:
		return r.systemctl(args)
	case FirewallCmd:
		return r.firewall(args)
	case OVSVsctl:
		return r.ovs(args)
	case PVCreate:
		r.state["pv "+lastArg(args)] = true
	case VGCreate:
		r.state["vg "+firstArg(args)] = true
	case PVS:
		return "", r.state["pv "+lastArg(args)]
	case VGS:
		return "", r.state["vg "+lastArg(args)]
	}
	return "", true
}

func (r *Recorder) systemctl(args []string) (string, bool) {
	if len(args) < 2 {
		return "", true
	}
	verb, units := args[0], args[1:]
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
		if !strings.HasPrefix(u, "-") {
			r.state[prefix+u] = true
		}
	}
}

func (r *Recorder) firewall(args []string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--query-port="); ok {
			return "", r.state["port "+v]
		}
		if v, ok := strings.CutPrefix(a, "--add-port="); ok {
			r.state["port "+v] = true
		}
	}
	return "", true
}

func (r *Recorder) ovs(args []string) (string, bool) {
	args = slices.DeleteFunc(slices.Clone(args), func(a string) bool { return strings.HasPrefix(a, "--") })
	if len(args) == 0 {
		return "", true
	}
	switch args[0] {
	case "br-exists":
		return "", r.state["br "+lastArg(args)]
	case "add-br":
		r.state["br "+lastArg(args)] = true
	case "list-ports":
		ps := r.ports[lastArg(args)]
		return strings.Join(ps, "\n") + "\n", true
	case "add-port":
		if len(args) == 3 && !slices.Contains(r.ports[args[1]], args[2]) {
			r.ports[args[1]] = append(r.ports[args[1]], args[2])
		}
	}
	return "", true
}

func lastArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[len(args)-1]
}

func firstArg(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// String summarises the recorder for test failures.
func (r *Recorder) String() string {
	return fmt.Sprintf("Recorder{%d calls}", len(r.Calls()))
}
