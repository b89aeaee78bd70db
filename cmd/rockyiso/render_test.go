package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/GehirnInc/crypt"
	_ "github.com/GehirnInc/crypt/sha512_crypt"
	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/internal/golden"
	"github.com/rockyiso/rockyiso/site"
)

var exampleSites = map[string]string{
	"lab":  "../../examples/lab-4node.yaml",
	"esxi": "../../examples/esxi-3node.yaml",
}

// fakeSecrets are deterministic stand-ins for a site's secrets: never
// real ones. The root hash is the one the kickstart goldens use.
func fakeSecrets(t testing.TB) site.Secrets {
	t.Helper()
	sec := site.Secrets{}
	for i, name := range site.SecretNames() {
		sec[name] = fmt.Sprintf("fakeSecret%02dValue", i)
	}
	h, err := crypt.SHA512.New().Generate([]byte("not-a-real-password"), []byte("$6$rockyisotest"))
	if err != nil {
		t.Fatal(err)
	}
	sec[site.RootPasswordSHA] = h
	return sec
}

// siteCopy copies an example site into a temporary directory with the
// given secrets beside it (nil: no secrets file) and returns its path.
func siteCopy(t *testing.T, name string, sec site.Secrets) string {
	t.Helper()
	b, err := os.ReadFile(exampleSites[name])
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name+".yaml")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if sec != nil {
		var sb strings.Builder
		for k, v := range sec {
			fmt.Fprintf(&sb, "%s: %q\n", k, v)
		}
		if err := os.WriteFile(site.SecretsPath(p), []byte(sb.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestRenderGolden(t *testing.T) {
	sec := fakeSecrets(t)
	for _, sn := range []string{"esxi", "lab"} {
		p := siteCopy(t, sn, sec)
		s, err := site.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range s.Hosts {
			t.Run(sn+"/"+h.Name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				if _, stderr, err := run(t, "render", "--site", p, "--host", h.Name, "--out", out); err != nil {
					t.Fatalf("render: %v; stderr: %s", err, stderr)
				}
				node := readPrivate(t, filepath.Join(out, "node.json"))
				golden.Compare(t, filepath.Join("testdata", "render", sn+"-"+h.Name+".node.json.golden"), node)
				ks := readPrivate(t, filepath.Join(out, "ks.cfg"))
				want, err := os.ReadFile(filepath.Join("..", "..", "kickstart", "testdata", sn+"-host-"+h.Name+"-cdrom.ks.golden"))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), ks); diff != "" {
					t.Errorf("ks.cfg differs from the kickstart golden (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// readPrivate reads a file that must have mode 0600.
func readPrivate(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRenderComputeHasNoControllerSecrets: a compute node gets no
// database or admin password, neither by name nor by value.
func TestRenderComputeHasNoControllerSecrets(t *testing.T) {
	sec := fakeSecrets(t)
	p := siteCopy(t, "lab", sec)
	out := t.TempDir()
	if _, _, err := run(t, "render", "--site", p, "--host", "compute", "--out", out); err != nil {
		t.Fatal(err)
	}
	raw := readPrivate(t, filepath.Join(out, "node.json"))
	node, err := site.ParseNode([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(node.Secrets) == 0 {
		t.Fatal("compute bundle has no secrets at all; it needs RABBIT_PASS and its service passwords")
	}
	for name, v := range sec {
		if name != site.AdminPass && name != site.MariaDBRootPass && !strings.HasSuffix(name, "_DBPASS") {
			continue
		}
		if _, ok := node.Secrets[name]; ok || strings.Contains(raw, v) {
			t.Errorf("compute node.json holds %s", name)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	full := fakeSecrets(t)
	noNova, noRoot := site.Secrets{}, site.Secrets{}
	for k, v := range full {
		if k != site.NovaPass {
			noNova[k] = v
		}
		if k != site.RootPasswordSHA {
			noRoot[k] = v
		}
	}
	tests := []struct {
		name string
		sec  site.Secrets
		args []string
		want string
	}{
		{"no secrets file", nil, []string{"--host", "compute"}, "run `rockyiso secrets init`"},
		{"a role secret missing", noNova, []string{"--host", "compute"}, "NOVA_PASS: run `rockyiso secrets init`"},
		{"root hash missing", noRoot, []string{"--host", "compute"}, "ROOT_PASS_SHA512 in"},
		{"unknown host", full, []string{"--host", "compute9"}, `no such host "compute9"`},
		{"bad media", full, []string{"--host", "compute", "--media", "nfs://x"}, `bad media "nfs://x"`},
		{"missing templates dir", full, []string{"--host", "compute", "--templates", "/nonexistent/rockyiso"}, "reading --templates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := siteCopy(t, "lab", tt.sec)
			out := filepath.Join(t.TempDir(), "out")
			_, _, err := run(t, append([]string{"render", "--site", p, "--out", out}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("render error %v, want one saying %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(out, "node.json")); err == nil {
				t.Error("a failed render left node.json behind")
			}
		})
	}
}
