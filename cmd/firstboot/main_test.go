package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

// writeNode writes the lab controller's bundle with fake secrets.
func writeNode(t *testing.T) (string, site.Secrets) {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sec := site.Secrets{}
	for _, k := range site.SecretNames() {
		sec[k] = "fake-" + strings.ToLower(k) + "-7Q"
	}
	n, err := site.NewNode(s, "controller", sec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := n.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "node.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, sec
}

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := newApp(&out, &out).Run(append([]string{"firstboot"}, args...))
	return out.String(), err
}

func TestPlanAndRender(t *testing.T) {
	node, sec := writeNode(t)
	root := t.TempDir()
	plan, err := run(t, "plan", "--node", node, "--root", root)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "keystone-manage db_sync") || !strings.Contains(plan, "******") {
		t.Errorf("plan lacks the keystone steps:\n%s", plan)
	}
	out, err := run(t, "render", "--node", node, "--root", root)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"/etc/keystone/keystone.conf", "/etc/nova/nova.conf", "/etc/neutron/plugin.ini"} {
		if !strings.Contains(out, f) {
			t.Errorf("render did not list %s", f)
		}
		if _, err := os.Lstat(filepath.Join(root, f)); err != nil {
			t.Errorf("render did not write %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, layouts.NodeState)); err == nil {
		t.Error("render wrote the journal")
	}
	for k, v := range sec {
		if strings.Contains(plan, v) {
			t.Errorf("plan shows %s", k)
		}
	}
}

func TestRenderRefusesSlash(t *testing.T) {
	node, _ := writeNode(t)
	if _, err := run(t, "render", "--node", node); err == nil {
		t.Error("render over / succeeded")
	}
}

func TestStatusExitCodes(t *testing.T) {
	tests := []struct {
		name, journal string
		want          int
	}{
		{"not started", "", 2},
		{"running", `{"host":"c","status":"running"}`, 2},
		{"waiting", `{"host":"c","status":"waiting","message":"wait-controller: no token"}`, 2},
		{"failed", `{"host":"c","status":"failed"}`, 1},
		{"done unhealthy", `{"host":"c","status":"done"}`, 2},
		{"done", `{"host":"c","status":"done","healthy":true}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if tt.journal != "" {
				p := filepath.Join(root, layouts.NodeState)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(tt.journal), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for _, args := range [][]string{{"status", "--root", root}, {"status", "--json", "--root", root}} {
				_, err := run(t, args...)
				code := 0
				var ec cli.ExitCoder
				if errors.As(err, &ec) {
					code = ec.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				if code != tt.want {
					t.Errorf("%v: exit %d, want %d", args, code, tt.want)
				}
			}
		})
	}
}

func TestEnvVars(t *testing.T) {
	node, _ := writeNode(t)
	t.Setenv("FIRSTBOOT_NODE", node)
	if _, err := run(t, "plan"); err != nil {
		t.Errorf("plan with FIRSTBOOT_NODE: %v", err)
	}
}
