package iso_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// roleRepo makes a one-package role repository whose package needs the
// base media's package, and lists its files for the image.
func roleRepo(t *testing.T, dir string) []iso.File {
	t.Helper()
	repo := filepath.Join(dir, "repo")
	isotest.RPM(t, repo, "rockyiso-role", isotest.BaseProvides)
	isotest.RoleRepo(t, repo)
	var files []iso.File
	err := filepath.Walk(repo, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(repo, p)
		files = append(files, iso.File{Path: layouts.RepoDir + "/" + filepath.ToSlash(rel), Source: p})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// extract unpacks an image with xorriso, an ISO reader independent of ours.
func extract(t *testing.T, image string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "x")
	out, err := exec.Command(fixture.Tool(t, "xorriso"), "-osirrox", "on", "-indev", image, "-extract", "/", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("extracting %s: %v\n%s", image, err, out)
	}
	return dir
}

// TestRepoClosure checks the role repo resolves with the base media's repo,
// and does not alone.
func TestRepoClosure(t *testing.T) {
	b := roles(t)
	dnf := fixture.Tool(t, "dnf")
	x := extract(t, b.role)
	tests := []struct {
		name  string
		repos []string
		ok    bool
	}{
		{"with-base", []string{"base," + x, "role," + filepath.Join(x, layouts.RepoDir)}, true},
		{"alone", []string{"role," + filepath.Join(x, layouts.RepoDir)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"-q", "--disablerepo=*", "--setopt=reposdir=/nonexistent", "--installroot", t.TempDir(), "repoclosure", "--check", "role"}
			for _, r := range tt.repos {
				args = append(args, "--repofrompath", r)
			}
			out, err := exec.Command(dnf, args...).CombinedOutput()
			if (err == nil) != tt.ok {
				t.Fatalf("dnf repoclosure (%v): err=%v, want ok=%v\n%s", tt.repos, err, tt.ok, out)
			}
			if !tt.ok && !strings.Contains(string(out), "unresolved") {
				t.Errorf("repoclosure failed for another reason than an unresolved dependency:\n%s", out)
			}
		})
	}
}
