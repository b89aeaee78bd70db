package firstboot_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeepsPackagedFiles renders the controller over the packaged files'
// shapes: every packaged line stays, in order.
func TestKeepsPackagedFiles(t *testing.T) {
	files := map[string]string{ // host path: sample
		"/etc/keystone/keystone.conf":           "keystone.conf",
		"/etc/nova/nova.conf":                   "nova.conf",
		"/etc/neutron/neutron.conf":             "neutron.conf",
		"/etc/neutron/plugins/ml2/ml2_conf.ini": "ml2_conf.ini",
	}
	s := variants(t)[0].site
	e, _, _ := testEngine(t, s, s.ControllerName(), t.TempDir())
	for path, sample := range files {
		b, err := os.ReadFile(filepath.Join("ini", "testdata", sample))
		if err != nil {
			t.Fatal(err)
		}
		files[path] = string(b)
		if err := os.MkdirAll(filepath.Dir(e.Root.Path(path)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(e.Root.Path(path), b, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Render(context.Background()); err != nil {
		t.Fatal(err)
	}
	for path, orig := range files {
		got, err := e.Root.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if l, ok := subsequence(strings.Split(orig, "\n"), strings.Split(string(got), "\n")); !ok {
			t.Errorf("%s: packaged line %q is gone or moved", path, l)
		}
		if len(got) <= len(orig) {
			t.Errorf("%s: nothing was set", path)
		}
	}
}

// subsequence reports whether want's lines all appear in got, in order,
// and else the first missing one.
func subsequence(want, got []string) (string, bool) {
	i := 0
	for _, l := range got {
		if i < len(want) && l == want[i] {
			i++
		}
	}
	if i < len(want) {
		return want[i], false
	}
	return "", true
}

func readOrEmpty(path string) []byte {
	b, _ := os.ReadFile(path)
	return b
}
