package isotest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

// BaseProvides is what the base media's one package provides; a role repo
// package requiring it resolves only together with the base repo.
const BaseProvides = "centos-base-marker"

// BaseCore is the base media's @core group, as its comps file says.
var BaseCore = []string{"bash", "centos-base"}

// BasePackages are the base media's packages (all version 1.0): BaseCore
// and an older chrony than the mirror's (see Mirror).
var BasePackages = []string{"bash", "centos-base", "chrony"}

// RPM writes a noarch package name-1.0-1 into dir, requiring requires.
// The package called centos-base provides BaseProvides.
func RPM(t testing.TB, dir, name string, requires ...string) string {
	t.Helper()
	return RPMVersion(t, dir, name, "1.0", requires...)
}

// RPMVersion writes a noarch package name-version-1 into dir, requiring
// requires.
func RPMVersion(t testing.TB, dir, name, version string, requires ...string) string {
	t.Helper()
	s := rpmgen.Spec{Name: name, Version: version, Release: "1", Arch: "noarch", Summary: "rockyiso test package",
		Requires: requires, Files: []string{"/usr/share/" + name + "/README"}}
	if name == "centos-base" {
		s.Provides = []string{BaseProvides}
	}
	mkdir(t, dir)
	p, err := rpmgen.Write(dir, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Repo makes a yum repository of dir with createrepo_c, as the base
// media's repo is made, with a comps file defining @core as BaseCore.
func Repo(t testing.TB, dir string) {
	t.Helper()
	comps := filepath.Join(t.TempDir(), "comps.xml")
	writeFile(t, comps, []byte(Comps(BaseCore...)))
	run(t, fixture.Tool(t, "createrepo_c"), "-q", "-g", comps, dir)
}

// Comps is a comps file whose only group, core, holds names.
func Comps(names ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<comps>\n  <group>\n    <id>core</id>\n    <name>Core</name>\n" +
		"    <default>false</default>\n    <uservisible>false</uservisible>\n    <packagelist>\n")
	for _, n := range names {
		fmt.Fprintf(&b, "      <packagereq type=\"mandatory\">%s</packagereq>\n", n)
	}
	b.WriteString("    </packagelist>\n  </group>\n</comps>\n")
	return b.String()
}

// MirrorOnly is the package Mirror adds beside the wanted ones: every
// wanted package requires it, and it requires the base's BaseProvides.
const MirrorOnly = "python-rockyiso-common"

// Mirror writes into dir a repo shaped like rockyiso mirror's output for
// a site whose role packages are pkgs: a copy of each base package file
// from tree/Packages (the os repo's copies of the media's packages),
// chrony 2.0 (an update of the base's), pkgs at 1.0 each requiring
// MirrorOnly, MirrorOnly requiring BaseProvides, an unwanted
// "rockyiso-unused", and a comps file with @core as BaseCore. Its
// repodata is written by rockyiso's own writer.
func Mirror(t testing.TB, dir, tree string, pkgs ...string) {
	t.Helper()
	pdir := filepath.Join(dir, "Packages")
	mkdir(t, pdir)
	base, _ := filepath.Glob(filepath.Join(tree, "Packages", "*.rpm"))
	for _, f := range base {
		copyFile(t, f, filepath.Join(pdir, filepath.Base(f)))
	}
	RPMVersion(t, pdir, "chrony", "2.0")
	for _, p := range pkgs {
		if p != "chrony" {
			RPM(t, pdir, p, MirrorOnly)
		}
	}
	RPM(t, pdir, MirrorOnly, BaseProvides)
	RPM(t, pdir, "rockyiso-unused")
	_, err := repodata.Create(context.Background(), dir, repodata.Options{Now: time.Unix(1700000000, 0), Groups: strings.NewReader(Comps(BaseCore...))})
	if err != nil {
		t.Fatalf("writing repodata in %s: %v", dir, err)
	}
}

// RoleRepo makes a yum repository of dir with rockyiso's own repodata
// writer, as rockyiso makes a role's repo.
func RoleRepo(t testing.TB, dir string) {
	t.Helper()
	if _, err := repodata.Create(context.Background(), dir, repodata.Options{Now: time.Unix(1700000000, 0)}); err != nil {
		t.Fatalf("writing repodata in %s: %v", dir, err)
	}
}
