package rpmcache_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// spec is a noarch package name-version-1 with requires.
func spec(name, version string, requires ...string) rpmgen.Spec {
	return rpmgen.Spec{Name: name, Version: version, Release: "1", Arch: "noarch", Summary: "role repo test",
		Requires: requires, Files: []string{"/usr/share/" + name + "/" + version}}
}

// testRepo is a generated repository on disk and its loaded metadata.
type testRepo struct {
	dir  string
	repo *rpmcache.Repo
}

// makeRepo writes specs (and copies of the files in share, for packages
// identical to another repo's) into a new repo with comps when given.
func makeRepo(t *testing.T, name string, specs []rpmgen.Spec, comps string, share ...string) testRepo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Join(dir, "Packages"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range specs {
		if _, err := rpmgen.Write(filepath.Join(dir, "Packages"), s, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range share {
		b, err := os.ReadFile(f)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "Packages", filepath.Base(f)), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	o := repodata.Options{Now: time.Unix(1700000000, 0)}
	if comps != "" {
		o.Groups = strings.NewReader(comps)
	}
	if _, err := repodata.Create(context.Background(), dir, o); err != nil {
		t.Fatal(err)
	}
	r, err := rpmcache.ReadRepo(name, rpmcache.DirOpener(dir))
	if err != nil {
		t.Fatal(err)
	}
	return testRepo{dir: dir, repo: r}
}

// roleFixture is a base media repo and a mirror repo that overlap:
//   - shared-1: the same file in both (the base carries it);
//   - dup-1: the same NEVRA in both, built differently (the base wins);
//   - newer: 1 in the base, 2 in the mirror (the mirror's is newer);
//   - baseonly-1 and mirroronly-1;
//   - role-1 needing every one of them, and core (in @core) needing glue.
func roleFixture(t *testing.T, baseComps string) (base, mirror testRepo) {
	t.Helper()
	shared := makeRepo(t, "shared", []rpmgen.Spec{spec("shared", "1")}, "")
	sharedRPM, _ := filepath.Glob(filepath.Join(shared.dir, "Packages", "*.rpm"))
	dupBase := spec("dup", "1")
	dupBase.Summary = "built on the media"
	base = makeRepo(t, "base", []rpmgen.Spec{dupBase, spec("newer", "1"), spec("baseonly", "1")}, baseComps, sharedRPM...)
	mirror = makeRepo(t, "mirror", []rpmgen.Spec{
		spec("dup", "1"), spec("newer", "2"), spec("mirroronly", "1"),
		spec("role", "1", "shared", "dup", "newer >= 1", "baseonly", "mirroronly"),
		spec("core", "1", "glue"), spec("glue", "1"), spec("unrelated", "1"),
		spec("broken", "1", "python2-os-vif >= 1.9.0"), spec("wantsbroken", "1", "broken"),
	}, isotest.Comps("core"), sharedRPM...)
	return base, mirror
}

func TestRoleRepo(t *testing.T) {
	base, mirror := roleFixture(t, "")
	baseCore, _ := roleFixture(t, isotest.Comps("baseonly"))
	tests := []struct {
		name   string
		base   *rpmcache.Repo
		groups []string
		pkgs   []string
		want   []string
	}{
		{"closure-minus-base", base.repo, []string{"core"}, []string{"role"},
			[]string{"core-1-1.noarch", "glue-1-1.noarch", "mirroronly-1-1.noarch", "newer-2-1.noarch", "role-1-1.noarch"}},
		{"groups-only", base.repo, []string{"core"}, nil, []string{"core-1-1.noarch", "glue-1-1.noarch"}},
		{"base-comps-first", baseCore.repo, []string{"core"}, nil, nil},
		{"no-base", nil, []string{"core"}, []string{"shared", "dup", "newer"},
			[]string{"core-1-1.noarch", "dup-1-1.noarch", "glue-1-1.noarch", "newer-2-1.noarch", "shared-1-1.noarch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rpmcache.RoleRepo(rpmcache.RoleOptions{Base: tt.base, Mirror: mirror.repo, Groups: tt.groups, Packages: tt.pkgs})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range got {
				names = append(names, p.NEVRA())
			}
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("role repo (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoleRepoErrors(t *testing.T) {
	base, mirror := roleFixture(t, "")
	tests := []struct {
		name   string
		o      rpmcache.RoleOptions
		want   string
		solver bool
	}{
		{"chain", rpmcache.RoleOptions{Base: base.repo, Mirror: mirror.repo, Packages: []string{"wantsbroken"}},
			"wantsbroken -> broken -> python2-os-vif >= ", true},
		{"needs-base", rpmcache.RoleOptions{Mirror: mirror.repo, Packages: []string{"role"}}, "role -> baseonly", true},
		{"no-group", rpmcache.RoleOptions{Base: base.repo, Mirror: mirror.repo, Groups: []string{"virtualization"}}, "@virtualization", false},
		{"no-mirror", rpmcache.RoleOptions{Base: base.repo}, "no mirror", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rpmcache.RoleRepo(tt.o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("RoleRepo error %v, want one containing %q", err, tt.want)
			}
			var de *depsolve.Error
			if errors.As(err, &de) != tt.solver || errors.Is(err, depsolve.ErrUnresolvable) != tt.solver {
				t.Errorf("error %v: depsolve error %v, want %v", err, !tt.solver, tt.solver)
			}
		})
	}
}

// TestWriteRoleRepo stages the selected packages and checks the new repo
// lists exactly them, with the mirror's checksums.
func TestWriteRoleRepo(t *testing.T) {
	base, mirror := roleFixture(t, "")
	pkgs, err := rpmcache.RoleRepo(rpmcache.RoleOptions{Base: base.repo, Mirror: mirror.repo, Groups: []string{"core"}, Packages: []string{"role"}})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "role")
	if err := rpmcache.WriteRoleRepo(context.Background(), dir, pkgs, rpmcache.StageOptions{From: mirror.dir, Now: time.Unix(1700000000, 0)}); err != nil {
		t.Fatal(err)
	}
	got, err := rpmcache.ReadRepo("role", rpmcache.DirOpener(dir))
	if err != nil {
		t.Fatal(err)
	}
	sums := func(r []*repomd.Package) map[string]string {
		m := map[string]string{}
		for _, p := range r {
			m[p.Location] = p.Checksum.Value
		}
		return m
	}
	if diff := cmp.Diff(sums(pkgs), sums(got.Meta.Packages)); diff != "" {
		t.Errorf("role repo packages (-selected +written):\n%s", diff)
	}
	if err := rpmcache.WriteRoleRepo(context.Background(), filepath.Join(t.TempDir(), "x"), pkgs, rpmcache.StageOptions{From: base.dir, Now: time.Unix(0, 0)}); err == nil {
		t.Error("staging from a directory lacking the packages worked")
	}
	changed := spec("glue", "1")
	changed.Summary = "rebuilt behind the metadata's back"
	if _, err := rpmgen.Write(filepath.Join(mirror.dir, "Packages"), changed, nil); err != nil {
		t.Fatal(err)
	}
	err = rpmcache.WriteRoleRepo(context.Background(), filepath.Join(t.TempDir(), "y"), pkgs, rpmcache.StageOptions{From: mirror.dir, Now: time.Unix(0, 0)})
	if err == nil || !strings.Contains(err.Error(), "glue-1-1.noarch.rpm differs from the mirror's metadata") {
		t.Errorf("staging a package that differs from its metadata: %v", err)
	}
}

// TestRoleRepoFromMirror runs the pipeline on rpmgen's EL7-like universe:
// rockyiso mirror's output as the mirror, the universe's os repo as the
// base media's repo; each lab host's role repo must be non-empty, hold
// nothing the os repo has byte for byte, and pass dnf repoclosure with the
// os repo beside it.
func TestRoleRepoFromMirror(t *testing.T) {
	e := newMirrorEnv(t, false)
	if _, err := e.mirror(t, false); err != nil {
		t.Fatal(err)
	}
	mirror, err := rpmcache.ReadRepo("mirror", rpmcache.DirOpener(e.out))
	if err != nil {
		t.Fatal(err)
	}
	osDir := filepath.Join(e.root, "os")
	base, err := rpmcache.ReadRepo("os", rpmcache.DirOpener(osDir))
	if err != nil {
		t.Fatal(err)
	}
	inBase := map[string]bool{}
	for _, p := range base.Meta.Packages {
		inBase[p.Checksum.Value] = true
	}
	for i, set := range siteSets(t) {
		t.Run(fmt.Sprint("host", i), func(t *testing.T) {
			start := time.Now()
			pkgs, err := rpmcache.RoleRepo(rpmcache.RoleOptions{Base: base, Mirror: mirror, Groups: []string{"core"}, Packages: set})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("role repo: %d of the mirror's %d packages (base %d), selected in %v",
				len(pkgs), len(mirror.Meta.Packages), len(base.Meta.Packages), time.Since(start))
			if len(pkgs) == 0 {
				t.Fatal("empty role repo")
			}
			for _, p := range pkgs {
				if inBase[p.Checksum.Value] {
					t.Errorf("%s is on the base media already", p.NEVRA())
				}
			}
			dir := filepath.Join(t.TempDir(), "role")
			if err := rpmcache.WriteRoleRepo(context.Background(), dir, pkgs, rpmcache.StageOptions{From: e.out, Now: time.Unix(1700000000, 0)}); err != nil {
				t.Fatal(err)
			}
			roleClosure(t, dir, osDir)
		})
	}
}

// roleClosure runs dnf repoclosure on the role repo with the base repo.
func roleClosure(t *testing.T, role, base string) {
	t.Helper()
	root := t.TempDir()
	out, err := exec.Command(fixture.Tool(t, "dnf"), "--installroot="+root, "--releasever=7", "--setopt=reposdir=/dev/null",
		"--repofrompath=role,file://"+role, "--repofrompath=base,file://"+base, "--nogpgcheck",
		"--setopt=cachedir="+filepath.Join(root, "cache"), "-q", "repoclosure", "--check", "role").CombinedOutput()
	if err != nil || strings.Contains(string(out), "unresolved") {
		t.Errorf("dnf repoclosure on the role repo with the base: %v\n%s", err, out)
	}
}
