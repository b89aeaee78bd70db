package isotest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/rpmpack"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// BaseProvides is what the base media's one package provides; a role repo
// package requiring it resolves only together with the base repo.
const BaseProvides = "centos-base-marker"

// RPM writes a noarch package name-1.0-1 into dir, requiring requires.
func RPM(t testing.TB, dir, name string, requires ...string) string {
	t.Helper()
	md := rpmpack.RPMMetaData{Name: name, Version: "1.0", Release: "1", Arch: "noarch",
		Summary: "rockyiso test package", Description: "rockyiso test package", Licence: "MIT"}
	for _, r := range requires {
		if err := md.Requires.Set(r); err != nil {
			t.Fatal(err)
		}
	}
	if name == "centos-base" {
		if err := md.Provides.Set(BaseProvides); err != nil {
			t.Fatal(err)
		}
	}
	r, err := rpmpack.NewRPM(md)
	if err != nil {
		t.Fatal(err)
	}
	r.AddFile(rpmpack.RPMFile{Name: "/usr/share/" + name + "/README", Body: []byte(name + "\n"), Mode: 0o100644, Owner: "root", Group: "root"})
	mkdir(t, dir)
	p := filepath.Join(dir, name+"-1.0-1.noarch.rpm")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := r.Write(f); err != nil {
		t.Fatal(err)
	}
	return p
}

// Repo makes a yum repository of dir with createrepo_c.
func Repo(t testing.TB, dir string) {
	t.Helper()
	run(t, fixture.Tool(t, "createrepo_c"), "-q", dir)
}
