package firstboot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// TestWaitsForLateController: a compute node retries until the controller
// is ready, with the journal saying what it waits for, then finishes.
func TestWaitsForLateController(t *testing.T) {
	s := variants(t)[0].site
	e, _, svc := testEngine(t, s, "compute", t.TempDir())
	svc.ReadyErrs = []error{errors.New("no Keystone token yet"), errors.New("placement: connection refused")}
	var seen []string
	e.Clock = &watchClock{FakeClock: e.Clock, onSleep: func() {
		st, err := firstboot.ReadState(e.Root)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, st.Status+": "+st.Message)
	}}
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"no Keystone token yet", "placement: connection refused"}
	if len(seen) != len(want) {
		t.Fatalf("status while waiting: %q, want %d lines", seen, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(seen[i], "waiting: wait-controller: ") || !strings.HasSuffix(seen[i], w) {
			t.Errorf("status while waiting: %q, want it to end in %q", seen[i], w)
		}
	}
	st, _ := firstboot.ReadState(e.Root)
	if st.ExitCode() != 0 || stepOf(st, "wait-controller").Attempts != 3 {
		t.Errorf("final state %+v", st)
	}
}

// TestWaitStatusJournaled: what the node waits for reaches the journal
// while the wait goes on, not only when an attempt ends, without secrets.
func TestWaitStatusJournaled(t *testing.T) {
	s := variants(t)[0].site
	e, _, svc := testEngine(t, s, "compute", t.TempDir())
	secret := e.Node.Secrets[site.NovaPass]
	svc.ReadyStatus = []string{"waiting for keystone token: 401 for nova/" + secret}
	var seen []string
	svc.OnStatus = func(string) {
		st, err := firstboot.ReadState(e.Root)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, st.Status+": "+st.Message)
	}
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"waiting: wait-controller: waiting for keystone token: 401 for nova/******"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("journal while waiting (-want +got):\n%s", diff)
	}
}

// TestResume: a failed step is retried on the next run, finished steps
// are skipped, and a changed input re-runs the steps it affects only.
func TestResume(t *testing.T) {
	s := variants(t)[0].site
	root := t.TempDir()
	e, rec, _ := testEngine(t, s, "compute", root)
	e.Runner = failing{rec, "openstack-nova-compute", errors.New("libvirt is down")}
	if err := e.Run(context.Background()); err == nil {
		t.Fatal("run with failing nova-compute succeeded")
	}
	st, _ := firstboot.ReadState(e.Root)
	if st.ExitCode() != 1 || stepOf(st, "nova-compute").Status != firstboot.StatusFailed || stepOf(st, "nova-compute").Attempts != 3 {
		t.Fatalf("after failure: %+v", st)
	}
	e.Runner = rec
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := hashes(t, e)
	// A new RabbitMQ password touches nova.conf and neutron.conf only.
	sec := fakeSecrets()
	sec[site.RabbitPass] = "fakeanotherrabbitQ7"
	n, err := site.NewNode(s, "compute", sec)
	if err != nil {
		t.Fatal(err)
	}
	e.Node = n
	rec.Reset()
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := hashes(t, e)
	for name, h := range after {
		changed := h != before[name]
		want := name == "nova-compute" || name == "neutron-compute"
		if changed != want {
			t.Errorf("step %s: hash changed %v, want %v", name, changed, want)
		}
	}
	restarted := false
	for _, c := range rec.Calls() {
		if strings.Contains(c.Line, "restart libvirtd.service openstack-nova-compute.service") {
			restarted = true
		}
		if strings.Contains(c.Line, "chronyd") && !c.Probe {
			t.Errorf("unaffected step ran %s", c.Line)
		}
	}
	if !restarted {
		t.Error("nova-compute was not restarted after its configuration changed")
	}
}

func hashes(t *testing.T, e *firstboot.Engine) map[string]string {
	t.Helper()
	st, err := firstboot.ReadState(e.Root)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, s := range st.Steps {
		m[s.Name] = s.Hash
	}
	return m
}

func stepOf(st *firstboot.State, name string) firstboot.StepState {
	for _, s := range st.Steps {
		if s.Name == name {
			return s
		}
	}
	return firstboot.StepState{}
}

// TestKilledMidStep: the process dies in the middle of a step (here its
// context is cancelled while nova-manage runs); the journal shows the
// step unfinished, and the next run converges to the same files as an
// uninterrupted run.
func TestKilledMidStep(t *testing.T) {
	s := variants(t)[0].site
	ctx, cancel := context.WithCancel(context.Background())
	e, rec, _ := testEngine(t, s, s.ControllerName(), t.TempDir())
	e.Runner = killer{rec, "create_cell", cancel}
	if err := e.Run(ctx); err == nil {
		t.Fatal("killed run succeeded")
	}
	st, _ := firstboot.ReadState(e.Root)
	if got := stepOf(st, "nova-controller").Status; got == firstboot.StatusDone {
		t.Fatalf("killed step recorded %s", got)
	}
	if got := stepOf(st, "keystone").Status; got != firstboot.StatusDone {
		t.Fatalf("keystone before the kill recorded %s", got)
	}
	e.Runner = rec
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	ref, _, _ := testEngine(t, s, s.ControllerName(), t.TempDir())
	if err := ref.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(snapshot(t, ref.Root.Dir), snapshot(t, e.Root.Dir), ignoreJournal); d != "" {
		t.Errorf("resumed run differs from an uninterrupted one:\n%s", d)
	}
}

// killer cancels the run when a command matching match starts.
type killer struct {
	*host.Recorder
	match  string
	cancel context.CancelFunc
}

func (k killer) Run(ctx context.Context, c host.Cmd) ([]byte, error) {
	if !c.Probe && strings.Contains(c.String(), k.match) {
		k.cancel()
	}
	return k.Recorder.Run(ctx, c)
}

// TestRetryKeepsRestart: an attempt that changes a file and then fails is
// retried; the retry finds the file done but still restarts the service.
func TestRetryKeepsRestart(t *testing.T) {
	s := variants(t)[0].site
	e, rec, _ := testEngine(t, s, "compute", t.TempDir())
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	sec := fakeSecrets()
	sec[site.NovaPass] = "fakeothernovaQ7"
	n, err := site.NewNode(s, "compute", sec)
	if err != nil {
		t.Fatal(err)
	}
	e.Node = n
	rec.Reset()
	f := &failOnce{Recorder: rec, match: "restart libvirtd.service"}
	e.Runner = f
	if err := e.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	restarts := 0
	for _, c := range rec.Calls() {
		if strings.Contains(c.Line, "restart libvirtd.service") {
			restarts++
		}
	}
	if restarts != 2 {
		t.Errorf("libvirtd restarted %d times, want 2 (the failed attempt and its retry)", restarts)
	}
}

// failOnce fails the first command matching match.
type failOnce struct {
	*host.Recorder
	match string
	done  bool
}

func (f *failOnce) Run(ctx context.Context, c host.Cmd) ([]byte, error) {
	out, err := f.Recorder.Run(ctx, c)
	if !f.done && strings.Contains(c.String(), f.match) {
		f.done = true
		return out, &host.ExitError{Argv: c.String(), Code: 1}
	}
	return out, err
}
