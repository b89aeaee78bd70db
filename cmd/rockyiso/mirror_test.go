package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
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

// TestMirrorFromFileRepos runs the whole command against generated repos
// reached through file:// URLs, twice: the second run fetches nothing.
func TestMirrorFromFileRepos(t *testing.T) {
	dir := t.TempDir()
	repos := filepath.Join(dir, "repos")
	if _, err := rpmgen.WriteRepos(repos, rpmgen.Universe(rpmgen.Options{}), nil); err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString("repos:\n")
	for _, r := range rpmgen.Repos {
		d := filepath.Join(repos, r.Name)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		opt := repodata.Options{Now: time.Unix(1600000000, 0)}
		if r.Name == "os" {
			opt.Groups = strings.NewReader(`<comps><group><id>core</id><name>Core</name><packagelist>` +
				`<packagereq type="mandatory">bash</packagereq></packagelist></group></comps>`)
		}
		if _, err := repodata.Create(context.Background(), d, opt); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&src, "  - {name: %s, baseurl: 'file://%s/', priority: %d, nosig: true}\n", r.Name, d, r.Priority)
	}
	sources := filepath.Join(dir, "sources.yaml")
	if err := os.WriteFile(sources, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"mirror", "--site", "../../examples/lab-4node.yaml", "--sources", sources,
		"--out", filepath.Join(dir, "out"), "--cache", filepath.Join(dir, "cache"), "--workers", "2"}
	for i, want := range []string{" fetched, 0 from the cache", "(0 fetched, "} {
		out, stderr, err := run(t, args...)
		t.Log(strings.TrimSpace(out))
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("run %d: %v\nstdout: %s\nstderr: %s", i+1, err, out, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "repodata", "repomd.xml")); err != nil {
		t.Error(err)
	}
}
