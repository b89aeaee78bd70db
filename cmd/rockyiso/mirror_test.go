package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMirrorErrors(t *testing.T) {
	dir := t.TempDir()
	badSources := filepath.Join(dir, "bad.yaml")
	empty := filepath.Join(dir, "empty.yaml")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(badSources, []byte("repos:\n  - name: os\n    baseurl: http://x/\n    gpgkey: k\n"), 0o644))
	must(os.WriteFile(empty, []byte("repos:\n  - name: os\n    baseurl: file://"+dir+"/none/\n    nosig: true\n"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad sources", []string{"--sources", badSources}, badSources + `:4: unknown field "gpgkey"`},
		{"offline, nothing cached", []string{"--sources", empty, "--offline"}, "run once without --offline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"mirror", "--site", "../../examples/lab-4node.yaml", "--out", filepath.Join(dir, "out"),
				"--cache", filepath.Join(dir, "cache")}, tc.args...)
			_, stderr, err := run(t, args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("rockyiso %v: %v, want an error containing %q", args, err, tc.want)
			}
			if strings.Contains(tc.name, "offline") && !strings.Contains(stderr, "signature checks are OFF") {
				t.Errorf("no nosig warning logged:\n%s", stderr)
			}
		})
	}
}
