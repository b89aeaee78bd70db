package firstboot_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/internal/fakesvc"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fakeSecrets are deterministic, never real, and unlike any other text.
func fakeSecrets() site.Secrets {
	s := site.Secrets{}
	for _, k := range site.SecretNames() {
		s[k] = "fake" + strings.ToLower(strings.ReplaceAll(k, "_", "")) + "Q7"
	}
	return s
}

// variant is one example site under one Neutron driver.
type variant struct {
	name string
	site *site.Site
}

func variants(t *testing.T) []variant {
	t.Helper()
	var vs []variant
	for _, f := range []string{"lab-4node", "esxi-3node"} {
		for _, d := range []string{site.LinuxBridge, site.OpenVSwitch} {
			s, err := site.Load(filepath.Join("..", "examples", f+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			s.Neutron.Driver = d
			vs = append(vs, variant{f + "-" + d, s})
		}
	}
	return vs
}

// testEngine builds an engine for host h on a temporary root.
func testEngine(t *testing.T, s *site.Site, h string, root string) (*firstboot.Engine, *host.Recorder, *fakesvc.Services) {
	t.Helper()
	n, err := site.NewNode(s, h, fakeSecrets())
	if err != nil {
		t.Fatal(err)
	}
	rec, svc := host.NewRecorder(), fakesvc.New()
	return &firstboot.Engine{
		Node: n, Root: host.NewRoot(root), Runner: rec,
		Clock: &host.FakeClock{T: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Facts: &steps.Facts{}, DB: svc, Rabbit: svc.Rabbit(), Identity: svc.Identity(),
		Wait: svc, Health: svc,
	}, rec, svc
}

// TestGolden checks, for every host of both examples under both drivers,
// the plan (every command, SQL statement and API call) and the rendered
// configuration tree.
func TestGolden(t *testing.T) {
	for _, v := range variants(t) {
		for _, h := range v.site.Hosts {
			t.Run(v.name+"/"+h.Name, func(t *testing.T) {
				dir := filepath.Join("testdata", "golden", v.name)
				e, _, _ := testEngine(t, v.site, h.Name, t.TempDir())
				var plan bytes.Buffer
				if err := e.Plan(&plan); err != nil {
					t.Fatal(err)
				}
				checkGoldenFile(t, filepath.Join(dir, h.Name+".plan"), plan.Bytes())
				if _, err := e.Render(context.Background()); err != nil {
					t.Fatal(err)
				}
				checkGoldenTree(t, filepath.Join(dir, h.Name), e.Root.Dir)
			})
		}
	}
}

// TestIdempotent runs each node twice: the second run changes no file and
// runs nothing but probes. Without the journal, a third run changes no
// file and runs no checked command again.
func TestIdempotent(t *testing.T) {
	for _, v := range variants(t) {
		for _, h := range v.site.Hosts {
			t.Run(v.name+"/"+h.Name, func(t *testing.T) {
				ctx := context.Background()
				e, rec, svc := testEngine(t, v.site, h.Name, t.TempDir())
				if err := e.Run(ctx); err != nil {
					t.Fatalf("first run: %v", err)
				}
				first := snapshot(t, e.Root.Dir)
				rec.Reset()
				nsvc := len(svc.Calls())
				if err := e.Run(ctx); err != nil {
					t.Fatalf("second run: %v", err)
				}
				if d := cmp.Diff(first, snapshot(t, e.Root.Dir), ignoreJournal); d != "" {
					t.Errorf("second run changed files:\n%s", d)
				}
				for _, c := range rec.Calls() {
					if !c.Probe {
						t.Errorf("second run ran %s", c.Line)
					}
				}
				if got := svc.Calls()[nsvc:]; len(got) != 0 {
					t.Errorf("second run changed services: %q", got)
				}
				if svc.HealthChecks != 2 {
					t.Errorf("health checked %d times in two runs, want 2", svc.HealthChecks)
				}
				checkRerunWithoutJournal(t, e, rec, first)
			})
		}
	}
}

var ignoreJournal = cmp.FilterPath(func(p cmp.Path) bool {
	return strings.Contains(p.GoString(), strings.TrimPrefix(layouts.NodeState, "/"))
}, cmp.Ignore())

// checked are commands that run only when their probe says so.
var checked = []string{"--add-port", "pvcreate", "vgcreate", "add-br", "add-port", "create_cell", "fernet_setup", "credential_setup", "modprobe"}

func checkRerunWithoutJournal(t *testing.T, e *firstboot.Engine, rec *host.Recorder, want map[string]string) {
	t.Helper()
	if err := os.Remove(e.Root.Path(layouts.NodeState)); err != nil {
		t.Fatal(err)
	}
	rec.Reset()
	if err := e.Run(context.Background()); err != nil {
		t.Fatalf("run without journal: %v", err)
	}
	if d := cmp.Diff(want, snapshot(t, e.Root.Dir), ignoreJournal); d != "" {
		t.Errorf("run without journal changed files:\n%s", d)
	}
	for _, c := range rec.Calls() {
		for _, k := range checked {
			if !c.Probe && strings.Contains(c.Line, k) {
				t.Errorf("run without journal ran %s again", c.Line)
			}
		}
	}
}

// snapshot maps each file (or link) under dir to its content (or target).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			m[rel] = "-> " + target
			return err
		}
		b, err := os.ReadFile(p)
		m[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkGoldenFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update): %v", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

func checkGoldenTree(t *testing.T, golden, dir string) {
	t.Helper()
	got := snapshot(t, dir)
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		writeTree(t, golden, got)
	}
	if d := cmp.Diff(snapshot(t, golden), got); d != "" {
		t.Errorf("%s (-want +got):\n%s", golden, d)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target, ok := strings.CutPrefix(content, "-> "); ok {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestNoSecretLeaks checks the plan, the log, the journal and the error
// of a failing run for every secret value.
func TestNoSecretLeaks(t *testing.T) {
	s := variants(t)[0].site
	sec := fakeSecrets()
	e, rec, _ := testEngine(t, s, s.ControllerName(), t.TempDir())
	var logs bytes.Buffer
	e.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.Runner = &host.Exec{Log: e.Log}
	// keystone-manage's stderr echoes the database password.
	e.Runner = failing{rec, "keystone-manage db_sync", errors.New("cannot connect as keystone:" + sec[site.KeystoneDBPass])}
	var plan bytes.Buffer
	if err := e.Plan(&plan); err != nil {
		t.Fatal(err)
	}
	err := e.Run(context.Background())
	if err == nil {
		t.Fatal("run with a failing db_sync succeeded")
	}
	st, _ := os.ReadFile(e.Root.Path(layouts.NodeState))
	calls := ""
	for _, c := range rec.Calls() {
		calls += c.Line + "\n"
	}
	for name, out := range map[string]string{"plan": plan.String(), "log": logs.String(), "journal": string(st), "error": err.Error(), "commands": calls} {
		for k, v := range sec {
			if strings.Contains(out, v) {
				t.Errorf("%s shows %s", name, k)
			}
		}
	}
	if !strings.Contains(plan.String(), host.Mask) || !strings.Contains(string(st), host.Mask) {
		t.Error("plan or journal does not show the redacted secret at all")
	}
}

// failing wraps a Recorder and fails the command whose line contains
// match with err.
type failing struct {
	*host.Recorder
	match string
	err   error
}

func (f failing) Run(ctx context.Context, c host.Cmd) ([]byte, error) {
	out, err := f.Recorder.Run(ctx, c)
	if strings.Contains(strings.Join(append([]string{c.Name}, c.Args...), " "), f.match) {
		return out, &host.ExitError{Argv: c.String(), Code: 1, Stderr: host.Redact(f.err.Error(), c.Redact), Err: errors.New("exit status 1")}
	}
	return out, err
}

// watchClock calls onSleep before each sleep.
type watchClock struct {
	FakeClock host.Clock
	onSleep   func()
}

func (w *watchClock) Now() time.Time { return w.FakeClock.Now() }

func (w *watchClock) Sleep(d time.Duration) {
	w.onSleep()
	w.FakeClock.Sleep(d)
}
