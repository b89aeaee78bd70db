package repodata_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/rpmpack"

	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

// benchRepo generates n packages shaped like bench/genrpms'.
func benchRepo(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	pkgs := make([]genPkg, n)
	for i := range pkgs {
		name := fmt.Sprintf("pkg%04d", i)
		g := genPkg{name: name, version: "1.0", release: "1.el7", arch: "x86_64"}
		for j := 0; j < 20; j++ {
			g.files = append(g.files, rpmpack.RPMFile{Name: fmt.Sprintf("/usr/share/%s/file%02d.txt", name, j),
				Body: []byte(name), Mode: 0o100644, Owner: "root", Group: "root"})
		}
		pkgs[i] = g
	}
	writeRPMs(b, dir, pkgs)
	return dir
}

// BenchmarkCreate measures cold creation and --update of 300 packages;
// bench/repo-create.sh compares the CLI with createrepo_c.
func BenchmarkCreate(b *testing.B) {
	dir := benchRepo(b, 300)
	for _, update := range []bool{false, true} {
		b.Run(fmt.Sprintf("update=%v", update), func(b *testing.B) {
			if update {
				create(b, dir, repodata.Options{Workers: 2})
			}
			for i := 0; i < b.N; i++ {
				if !update {
					if err := os.RemoveAll(filepath.Join(dir, "repodata")); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := repodata.Create(context.Background(), dir, repodata.Options{Workers: 2, Now: now, Update: update}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
