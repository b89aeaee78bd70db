package identity_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func secrets() site.Secrets {
	s := site.Secrets{}
	for _, k := range site.SecretNames() {
		s[k] = "pw-" + strings.ToLower(k)
	}
	return s
}

func loadSite(t testing.TB, name string) *site.Site {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBuild checks the whole guide's objects for both example sites
// against golden files, and that no password shows in them.
func TestBuild(t *testing.T) {
	for _, ex := range []string{"lab-4node", "esxi-3node"} {
		t.Run(ex, func(t *testing.T) {
			sec := secrets()
			st, err := identity.Build(loadSite(t, ex+".yaml"), sec)
			if err != nil {
				t.Fatal(err)
			}
			got := st.String() + "\n"
			for _, out := range []string{got, fmt.Sprintf("%v %#v %v", st, st, st.Users)} {
				for _, pw := range sec.Values() {
					if strings.Contains(out, pw) {
						t.Fatalf("a password shows in %q", out)
					}
				}
			}
			path := filepath.Join("testdata", ex+".plan")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden file (run with -update): %v", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s (-want +got):\n%s", path, d)
			}
		})
	}
}

func TestBuildMissingSecret(t *testing.T) {
	sec := secrets()
	delete(sec, site.PlacementPass)
	_, err := identity.Build(loadSite(t, "lab-4node.yaml"), sec)
	if err == nil || !strings.Contains(err.Error(), site.PlacementPass) {
		t.Errorf("err = %v, want one naming %s", err, site.PlacementPass)
	}
}
