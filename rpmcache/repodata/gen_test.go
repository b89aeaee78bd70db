package repodata_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/rpmpack"
)

// genPkg describes a generated RPM. Until internal/rpmgen lands these are
// built here with rpmpack.
type genPkg struct {
	name, version, release, arch string
	epoch                        uint32
	provides, requires           rpmpack.Relations
	obsoletes                    rpmpack.Relations
	files                        []rpmpack.RPMFile
}

const (
	sensePre  = 1 << 9  // RPMSENSE_SCRIPT_PRE
	sensePost = 1 << 10 // RPMSENSE_SCRIPT_POST
)

// universe is a small package set that exercises createrepo_c's
// filtering: pre/post requires, requires on its own provides and primary
// files, libc.so.6 versions, ghost files and directories, epochs.
func universe() []genPkg {
	rel := func(name string, sense uint32, ver string) *rpmpack.Relation {
		r := &rpmpack.Relation{Name: name, Version: ver}
		*(*uint32)(&r.Sense) = sense
		return r
	}
	file := func(name string, mode uint, typ rpmpack.FileType) rpmpack.RPMFile {
		body := []byte("#!/bin/sh\necho " + name + "\n")
		if mode&0o40000 != 0 {
			body = nil
		}
		return rpmpack.RPMFile{Name: name, Mode: mode, Body: body, Owner: "root", Group: "root", MTime: 1500000000, Type: typ}
	}
	return []genPkg{
		{name: "tool", version: "1.0", release: "1.el7", arch: "x86_64",
			provides: rpmpack.Relations{rel("tool-api", 8, "2")},
			requires: rpmpack.Relations{rel("/bin/sh", sensePre, ""), rel("/bin/sh", sensePost, ""), rel("tool-api", 8, "2"),
				rel("/usr/bin/tool", 0, ""), rel("libc.so.6()(64bit)", 0, ""), rel("libc.so.6(GLIBC_2.14)(64bit)", 0, ""),
				rel("libc.so.6(GLIBC_2.3)(64bit)", 0, ""), rel("lib", 12, "2.0")},
			files: []rpmpack.RPMFile{file("/usr/bin/tool", 0o100755, rpmpack.GenericFile), file("/etc/tool", 0o40755, rpmpack.GenericFile),
				file("/etc/tool/tool.conf", 0o100644, rpmpack.ConfigFile), file("/var/log/tool.log", 0o100644, rpmpack.GhostFile),
				file("/usr/share/doc/tool/README", 0o100644, rpmpack.DocFile)}},
		{name: "lib", version: "2.0", release: "3.el7", arch: "x86_64", epoch: 1,
			provides: rpmpack.Relations{rel("libc.so.6()(64bit)", 0, ""), rel("libc.so.6(GLIBC_2.14)(64bit)", 0, ""), rel("libc.so.6(GLIBC_2.3)(64bit)", 0, "")},
			files:    []rpmpack.RPMFile{file("/usr/lib64/libtool.so.1", 0o100755, rpmpack.GenericFile), file("/usr/sbin/toold", 0o100755, rpmpack.GenericFile)}},
		{name: "bash", version: "4.2.46", release: "34.el7", arch: "x86_64",
			files: []rpmpack.RPMFile{file("/bin", 0o40755, rpmpack.GenericFile), file("/bin/sh", 0o100755, rpmpack.GenericFile)}},
		{name: "app", version: "3.1", release: "0.rc1.el7", arch: "noarch",
			requires:  rpmpack.Relations{rel("tool", 12, "1.0"), rel("/usr/sbin/toold", 0, "")},
			obsoletes: rpmpack.Relations{rel("oldapp", 2, "1:3-1")},
			files:     []rpmpack.RPMFile{file("/opt/app/bin/app", 0o100755, rpmpack.GenericFile), file("/usr/share/app/data", 0o100644, rpmpack.GenericFile)}},
	}
}

// writeRPMs builds the packages into dir/Packages with a fixed mtime.
func writeRPMs(t testing.TB, dir string, pkgs []genPkg) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "Packages"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, g := range pkgs {
		writeRPM(t, dir, g)
	}
}

func writeRPM(t testing.TB, dir string, g genPkg) {
	t.Helper()
	r, err := rpmpack.NewRPM(rpmpack.RPMMetaData{Name: g.name, Version: g.version, Release: g.release, Arch: g.arch,
		Epoch: g.epoch, Summary: "generated " + g.name, Description: "A generated package <" + g.name + "> & co.",
		Licence: "MIT", URL: "https://example.org/" + g.name, BuildTime: time.Unix(1500000000, 0),
		Provides: g.provides, Requires: g.requires, Obsoletes: g.obsoletes})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range g.files {
		r.AddFile(f)
	}
	name := filepath.Join(dir, "Packages", g.name+"-"+g.version+"-"+g.release+"."+g.arch+".rpm")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	mt := time.Unix(1600000000, 0)
	if err := os.Chtimes(name, mt, mt); err != nil {
		t.Fatal(err)
	}
}
