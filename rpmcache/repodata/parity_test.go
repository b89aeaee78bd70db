package repodata_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

var now = time.Unix(1700000000, 0)

// copyRPMs copies the fixture RPMs into a fresh repository directory and
// gives them a fixed mtime before now.
func copyRPMs(t testing.TB, src string) string {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		copyFile(t, filepath.Join(src, e.Name()), filepath.Join(dir, "Packages", e.Name()))
	}
	return dir
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	mt := time.Unix(1600000000, 0)
	if err := os.Chtimes(dst, mt, mt); err != nil {
		t.Fatal(err)
	}
}

// createrepoC runs createrepo_c on dir and moves its repodata to
// dir/../<name>/repodata so that ours can be written beside it.
func createrepoC(t testing.TB, dir string, args ...string) string {
	t.Helper()
	bin := fixture.Tool(t, "createrepo_c")
	cmd := exec.Command(bin, append(append([]string{"--quiet"}, args...), dir)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("createrepo_c: %v\n%s", err, out)
	}
	ref := filepath.Join(t.TempDir(), "ref")
	if err := os.MkdirAll(ref, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "repodata"), filepath.Join(ref, "repodata")); err != nil {
		t.Fatal(err)
	}
	return ref
}

func load(t testing.TB, dir string) []*repomd.Package {
	t.Helper()
	open := func(href string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, href)) }
	repo, err := repomd.Load(open, repomd.Want{Filelists: true, Other: true})
	if err != nil {
		t.Fatal(err)
	}
	return repo.Packages
}

func TestParityWithCreaterepoC(t *testing.T) {
	dir := copyRPMs(t, fixture.Path(t, "el7/rpms"))
	ref := createrepoC(t, dir)
	res, err := repodata.Create(context.Background(), dir, repodata.Options{Workers: 2, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want, got := load(t, ref), load(t, dir)
	if len(got) != res.Packages || len(got) != len(want) {
		t.Fatalf("got %d packages (result says %d), createrepo_c wrote %d", len(got), res.Packages, len(want))
	}
	for i := range want {
		if diff := cmp.Diff(want[i], got[i]); diff != "" {
			t.Errorf("%s differs from createrepo_c (-createrepo_c +ours):\n%s", want[i].Location, diff)
		}
	}
}

func TestParityGenerated(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe())
	ref := createrepoC(t, dir)
	if _, err := repodata.Create(context.Background(), dir, repodata.Options{Workers: 2, Now: now}); err != nil {
		t.Fatal(err)
	}
	want, got := load(t, ref), load(t, dir)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("differs from createrepo_c (-createrepo_c +ours):\n%s", diff)
	}
	tool := got[len(got)-1]
	wantReq := []repomd.Dep{{Name: "/bin/sh", Pre: true}, {Name: "lib", Flags: "GE", Epoch: "0", Version: "2.0"},
		{Name: "libc.so.6(GLIBC_2.14)(64bit)"}}
	if diff := cmp.Diff(wantReq, tool.Requires); diff != "" {
		t.Errorf("tool requires (rpmlib, own provides and files, lower libc dropped; pre kept):\n%s", diff)
	}
}
