package repodata_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func create(t testing.TB, dir string, opt repodata.Options) *repodata.Result {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = now
	}
	res, err := repodata.Create(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// snapshot returns every file of dir/repodata by name.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ents, err := os.ReadDir(filepath.Join(dir, "repodata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, "repodata", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestCreateDeterministicAndUpdate(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe())
	comps := `<comps><group><id>core</id><packagelist><packagereq>tool</packagereq></packagelist></group></comps>`
	create(t, dir, repodata.Options{Workers: 3, Groups: strings.NewReader(comps)})
	first := snapshot(t, dir)
	create(t, dir, repodata.Options{Workers: 1, Groups: strings.NewReader(comps)})
	if diff := cmp.Diff(first, snapshot(t, dir)); diff != "" {
		t.Fatalf("same packages gave different repodata:\n%.2000s", diff)
	}
	res := create(t, dir, repodata.Options{Update: true, Groups: strings.NewReader(comps)})
	if res.Reused != 4 {
		t.Errorf("--update reused %d of 4 unchanged packages", res.Reused)
	}
	if diff := cmp.Diff(first, snapshot(t, dir)); diff != "" {
		t.Fatalf("--update changed the repodata of unchanged packages:\n%.2000s", diff)
	}
	if _, err := os.Stat(filepath.Join(dir, ".repodata.tmp")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf(".repodata.tmp left behind: %v", err)
	}
	names := strings.Join(keys(first), " ")
	for _, want := range []string{"-comps.xml ", "-comps.xml.gz", "-primary.sqlite.bz2", "-primary.xml.gz", "repomd.xml"} {
		if !strings.Contains(names+" ", want) {
			t.Errorf("repodata lacks %s: %s", want, names)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestUpdateRereadsChangedPackage(t *testing.T) {
	dir := t.TempDir()
	pkgs := universe()
	writeRPMs(t, dir, pkgs)
	create(t, dir, repodata.Options{})
	pkgs[3].files = pkgs[3].files[:1] // app, rebuilt with fewer files
	writeRPM(t, dir, pkgs[3])
	mt := time.Unix(1600000100, 0)
	if err := os.Chtimes(filepath.Join(dir, "Packages", "app-3.1-0.rc1.el7.noarch.rpm"), mt, mt); err != nil {
		t.Fatal(err)
	}
	res := create(t, dir, repodata.Options{Update: true})
	if res.Reused != 3 {
		t.Errorf("reused %d packages, want the 3 unchanged", res.Reused)
	}
	for _, p := range load(t, dir) {
		if p.Name == "app" && len(p.Files) != 1 {
			t.Errorf("app has %d files after update, want 1", len(p.Files))
		}
	}
}

func TestCreateFailureKeepsOldRepodata(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe())
	create(t, dir, repodata.Options{})
	before := snapshot(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "Packages", "broken-1-1.noarch.rpm"), []byte("not an rpm"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := repodata.Create(context.Background(), dir, repodata.Options{Now: now})
	if err == nil || !strings.Contains(err.Error(), "broken-1-1.noarch.rpm") {
		t.Fatalf("got %v, want an error naming the broken package", err)
	}
	if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
		t.Fatalf("failed run touched repodata:\n%.1000s", diff)
	}
}

func TestCreateRejectsBadComps(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe()[:1])
	_, err := repodata.Create(context.Background(), dir, repodata.Options{Now: now,
		Groups: strings.NewReader(`<comps><group><id>g</id><packagelist><packagereq type="bogus">x</packagereq></packagelist></group></comps>`)})
	if !errors.Is(err, repomd.ErrMetadata) {
		t.Fatalf("got %v, want a comps error", err)
	}
}

func run(t testing.TB, bin string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func TestCreateRefusesConcurrentRun(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe()[:1])
	f, err := os.OpenFile(filepath.Join(dir, ".repodata.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if _, err := repodata.Create(context.Background(), dir, repodata.Options{Now: now}); !errors.Is(err, repodata.ErrLocked) {
		t.Fatalf("got %v, want ErrLocked", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".repodata.tmp", "junk"), 0o755); err != nil {
		t.Fatal(err)
	}
	create(t, dir, repodata.Options{}) // a dead run's leftovers do not block
}

// TestUpdateRecompressesDamagedDB damages the old primary database: the
// update must not reuse it, and recompressing gives the same bytes.
func TestUpdateRecompressesDamagedDB(t *testing.T) {
	dir := t.TempDir()
	writeRPMs(t, dir, universe())
	create(t, dir, repodata.Options{})
	want := snapshot(t, dir)
	matches, err := filepath.Glob(filepath.Join(dir, "repodata", "*-primary.sqlite.bz2"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("primary.sqlite.bz2: %v %v", matches, err)
	}
	if err := os.WriteFile(matches[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	create(t, dir, repodata.Options{Update: true})
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Fatalf("update after damage differs from a clean run:\n%.1000s", diff)
	}
}
