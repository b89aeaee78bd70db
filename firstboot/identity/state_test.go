package identity_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/internal/golden"
	"github.com/rockyiso/rockyiso/site"
)

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
			golden.Compare(t, filepath.Join("testdata", ex+".plan"), got)
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
