package repodata_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/site"
)

// universeRepo writes rpmgen's EL7-like universe (every repo flattened
// into one) with a fixed mtime.
func universeRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pkgs := filepath.Join(dir, "Packages")
	if err := os.MkdirAll(pkgs, 0o755); err != nil {
		t.Fatal(err)
	}
	mt := time.Unix(1600000000, 0)
	for _, s := range rpmgen.Universe(rpmgen.Options{}) {
		path, err := rpmgen.Write(pkgs, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestUniverse checks the writer on the OpenStack-shaped universe:
// createrepo_c parity, then dnf installs the controller role's closure
// plus @core into an installroot and repoclosure passes.
func TestUniverse(t *testing.T) {
	dir := universeRepo(t)
	ref := createrepoC(t, dir)
	comps := `<comps><group><id>core</id><name>Core</name><packagelist>`
	for _, p := range rpmgen.CoreGroup {
		comps += `<packagereq type="mandatory">` + p + `</packagereq>`
	}
	comps += `</packagelist></group></comps>`
	create(t, dir, repodata.Options{Workers: 2, Groups: strings.NewReader(comps)})
	if diff := cmp.Diff(load(t, ref), load(t, dir)); diff != "" {
		t.Fatalf("differs from createrepo_c (-createrepo_c +ours):\n%.4000s", diff)
	}
	t.Run("dnf", func(t *testing.T) {
		dnf := fixture.Tool(t, "dnf")
		root := t.TempDir()
		common := []string{"--installroot=" + root, "--releasever=7", "--setopt=reposdir=/dev/null",
			"--repofrompath=r,file://" + dir, "--nogpgcheck", "--setopt=cachedir=" + filepath.Join(root, "cache"), "-y", "-q"}
		pkgs := append(site.RolePackages(site.Controller, site.OpenVSwitch), "@core")
		run(t, dnf, append(append(common, "--setopt=tsflags=noscripts", "install"), pkgs...)...)
		for _, f := range []string{"etc/nova/nova.conf", "bin/sh"} {
			if _, err := os.Stat(filepath.Join(root, f)); err != nil {
				t.Errorf("dnf did not install /%s: %v", f, err)
			}
		}
		run(t, dnf, append(common, "repoclosure", "--newest", "--check", "r")...)
	})
}
