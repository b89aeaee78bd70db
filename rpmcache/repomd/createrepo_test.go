package repomd_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// createrepoC writes repodata with createrepo_c for a few fixture RPMs,
// compressing the XML with the given type (gz, bz2, xz).
func createrepoC(t *testing.T, compress string) string {
	t.Helper()
	bin := fixture.Tool(t, "createrepo_c")
	src := fixture.Path(t, "el7/rpms")
	dir := t.TempDir()
	for _, name := range []string{"epel-release-7-5.noarch.rpm", "httpd-2.4.6-31.el7.centos.x86_64.rpm", "python-six-1.3.0-4.el7.noarch.rpm"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(bin, "--quiet", "--no-database", "--general-compress-type", compress, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("createrepo_c: %v\n%s", err, out)
	}
	return dir
}

// TestLoadCreaterepoCCompressions reads createrepo_c's metadata in each
// compression it writes and finds the same packages.
func TestLoadCreaterepoCCompressions(t *testing.T) {
	base, err := repomd.Load(dirOpener(createrepoC(t, "gz")), repomd.Want{Filelists: true, Other: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Packages) != 3 {
		t.Fatalf("got %d packages, want 3", len(base.Packages))
	}
	for _, c := range []string{"bz2", "xz"} {
		t.Run(c, func(t *testing.T) {
			repo, err := repomd.Load(dirOpener(createrepoC(t, c)), repomd.Want{Filelists: true, Other: true})
			if err != nil {
				t.Fatal(err)
			}
			ignoreTime := func(ps []*repomd.Package) []*repomd.Package {
				for _, p := range ps {
					p.TimeFile = 0
				}
				return ps
			}
			if diff := cmp.Diff(ignoreTime(base.Packages), ignoreTime(repo.Packages)); diff != "" {
				t.Fatalf("%s metadata reads differently:\n%s", c, diff)
			}
		})
	}
}

// TestLoadRefusesTamperedMetadata flips one byte of createrepo_c's
// filelists and expects Load to refuse it.
func TestLoadRefusesTamperedMetadata(t *testing.T) {
	dir := createrepoC(t, "gz")
	repo, err := repomd.Load(dirOpener(dir), repomd.Want{})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := repo.Repomd.Record("filelists")
	path := filepath.Join(dir, rec.Location)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = repomd.Load(dirOpener(dir), repomd.Want{Filelists: true})
	if err == nil {
		t.Fatal("tampered filelists accepted")
	}
	if !errors.Is(err, repomd.ErrChecksum) {
		t.Fatalf("got %v, want a checksum error", err)
	}
}
