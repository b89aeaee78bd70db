package site_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestSummaryGolden checks the summary `rockyiso site check` prints for
// both example sites against testdata/NAME.golden.
func TestSummaryGolden(t *testing.T) {
	for _, name := range []string{"lab-4node", "esxi-3node"} {
		t.Run(name, func(t *testing.T) {
			s, err := site.Load(filepath.Join("..", "examples", name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := site.Summary(&buf, s); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", name+".golden"), buf.Bytes())
		})
	}
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is right:\n%s", path, diff)
	}
}
