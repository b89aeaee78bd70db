package isotest

import (
	"context"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

// BaseProvides is what the base media's one package provides; a role repo
// package requiring it resolves only together with the base repo.
const BaseProvides = "centos-base-marker"

// RPM writes a noarch package name-1.0-1 into dir, requiring requires.
// The package called centos-base provides BaseProvides.
func RPM(t testing.TB, dir, name string, requires ...string) string {
	t.Helper()
	s := rpmgen.Spec{Name: name, Version: "1.0", Release: "1", Arch: "noarch", Summary: "rockyiso test package",
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
// media's repo is made.
func Repo(t testing.TB, dir string) {
	t.Helper()
	run(t, fixture.Tool(t, "createrepo_c"), "-q", dir)
}

// RoleRepo makes a yum repository of dir with rockyiso's own repodata
// writer, as rockyiso makes a role's repo.
func RoleRepo(t testing.TB, dir string) {
	t.Helper()
	if _, err := repodata.Create(context.Background(), dir, repodata.Options{Now: time.Unix(1700000000, 0)}); err != nil {
		t.Fatalf("writing repodata in %s: %v", dir, err)
	}
}
