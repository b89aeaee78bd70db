package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/site"
)

// buildEnv is the synthetic base ISO, a mirror for the lab site and a
// firstboot binary.
type buildEnv struct {
	site, base, tree, mirror, firstboot string
}

func newBuildEnv(t *testing.T) buildEnv {
	t.Helper()
	e := buildEnv{site: siteCopy(t, "lab", fakeSecrets(t))}
	dir := t.TempDir()
	e.base, e.tree = isotest.Base(t, dir), filepath.Join(dir, "tree")
	s, err := site.Load(e.site)
	if err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for i := range s.Hosts {
		pkgs = append(pkgs, s.Packages(&s.Hosts[i])...)
	}
	slices.Sort(pkgs)
	e.mirror = filepath.Join(t.TempDir(), "mirror")
	isotest.Mirror(t, e.mirror, e.tree, slices.Compact(pkgs)...)
	e.firstboot = filepath.Join(t.TempDir(), "firstboot")
	if err := os.WriteFile(e.firstboot, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	return e
}

// compute is the lab compute host's package list, spelled out.
var compute = []string{"chrony", "ebtables", "firewalld", "ipset", "openstack-neutron-linuxbridge",
	"openstack-nova-compute", "openstack-selinux", "python-openstackclient"}

// rpmFiles names the files name-1.0-1.noarch.rpm, chrony at 2.0.
func rpmFiles(names ...string) []string {
	var out []string
	for _, n := range names {
		v := "1.0"
		if n == "chrony" {
			v = "2.0"
		}
		out = append(out, n+"-"+v+"-1.noarch.rpm")
	}
	slices.Sort(out)
	return out
}

// TestBuildCommand builds the lab site's compute ISO and its OEMDRV
// companion from the synthetic base and the mirror, reads them back with
// xorriso and checks the role repo: the closure minus the base media's
// packages on the ISO, the whole closure on the OEMDRV volume.
func TestBuildCommand(t *testing.T) {
	e := newBuildEnv(t)
	dir := t.TempDir()
	closure := append(slices.Clone(compute), isotest.MirrorOnly)
	tests := []struct {
		name  string
		args  []string
		label string
		files []string
		repo  []string
	}{
		{"role", []string{"--base-iso", e.base, "--repo", e.mirror, "--firstboot", e.firstboot, "-o", filepath.Join(dir, "role.iso")}, "ROCKY7_COMPUTE",
			[]string{"isolinux/isolinux.cfg", layouts.FirstbootBin}, rpmFiles(closure...)},
		{"oemdrv", []string{"--oemdrv", "--repo", e.mirror, "--firstboot", e.firstboot, "-o", filepath.Join(dir, "oemdrv.iso")}, "OEMDRV",
			[]string{layouts.FirstbootBin}, rpmFiles(append(closure, isotest.BaseCore...)...)},
		{"no-repo", []string{"--oemdrv", "-o", filepath.Join(dir, "bare.iso")}, "OEMDRV", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := run(t, append([]string{"build", "--site", e.site, "--role", "compute"}, tt.args...)...)
			if err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			out := tt.args[len(tt.args)-1]
			x := extractISO(t, out)
			checkLabel(t, out, tt.label)
			ks, err := os.ReadFile(filepath.Join(x, layouts.Kickstart))
			if err != nil || !strings.Contains(string(ks), "rockyiso.host") {
				t.Errorf("ks.cfg is not the compute role kickstart (%v):\n%.300s", err, ks)
			}
			for _, f := range append(tt.files, layouts.NodesDir+"/compute.json") {
				if _, err := os.Stat(filepath.Join(x, f)); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			if diff := cmp.Diff(tt.repo, repoPackages(t, x)); diff != "" {
				t.Errorf("role repo packages (-want +got):\n%s", diff)
			}
			if tt.name == "role" {
				cfg, _ := os.ReadFile(filepath.Join(x, "isolinux/isolinux.cfg"))
				if !strings.Contains(string(cfg), "Install compute (00:0C:29:8C:82:4C)") {
					t.Errorf("isolinux.cfg lacks the compute host entry:\n%s", cfg)
				}
				repoclosure(t, x)
			}
		})
	}
}

// TestBuildCommandRoles builds several roles in one run and checks each
// image carries its own role repo.
func TestBuildCommandRoles(t *testing.T) {
	e := newBuildEnv(t)
	dir := t.TempDir()
	tests := []struct {
		name  string
		roles []string
		out   string
		want  map[string]string // image -> label
	}{
		{"pattern", []string{"compute", "network", "compute"}, filepath.Join(dir, "p-{role}.iso"),
			map[string]string{"p-compute.iso": "ROCKY7_COMPUTE", "p-network.iso": "ROCKY7_NETWORK"}},
		{"all-to-dir", []string{"all"}, dir,
			map[string]string{"controller.iso": "ROCKY7_CONTROLLER", "network.iso": "ROCKY7_NETWORK", "compute.iso": "ROCKY7_COMPUTE", "block.iso": "ROCKY7_BLOCK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"build", "--site", e.site, "--base-iso", e.base, "--repo", e.mirror, "-o", tt.out}
			for _, r := range tt.roles {
				args = append(args, "--role", r)
			}
			if _, stderr, err := run(t, args...); err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			for name, label := range tt.want {
				img := filepath.Join(dir, name)
				checkLabel(t, img, label)
				x := extractISO(t, img)
				if name == "p-compute.iso" || name == "compute.iso" {
					if diff := cmp.Diff(rpmFiles(append(slices.Clone(compute), isotest.MirrorOnly)...), repoPackages(t, x)); diff != "" {
						t.Errorf("%s: role repo packages (-want +got):\n%s", name, diff)
					}
				}
				repoclosure(t, x)
			}
		})
	}
}

func extractISO(t *testing.T, img string) string {
	t.Helper()
	x := filepath.Join(t.TempDir(), "x")
	if b, err := exec.Command(fixture.Tool(t, "xorriso"), "-osirrox", "on", "-indev", img, "-extract", "/", x).CombinedOutput(); err != nil {
		t.Fatalf("xorriso: %v\n%s", err, b)
	}
	return x
}

func checkLabel(t *testing.T, img, label string) {
	t.Helper()
	info, _ := exec.Command(fixture.Tool(t, "isoinfo"), "-d", "-i", img).CombinedOutput()
	if !strings.Contains(string(info), "Volume id: "+label+"\n") {
		t.Errorf("%s: label is not %s:\n%s", img, label, info)
	}
}

// repoPackages lists the package files of the role repo in extracted
// image x.
func repoPackages(t *testing.T, x string) []string {
	t.Helper()
	ps, err := filepath.Glob(filepath.Join(x, layouts.RepoDir, "Packages", "*.rpm"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, filepath.Base(p))
	}
	return out
}

// repoclosure runs dnf repoclosure on the role repo of extracted image x
// with the base media's repo beside it (it must pass), then alone (it
// must fail: the role repo leans on the base).
func repoclosure(t *testing.T, x string) {
	t.Helper()
	dnf := fixture.Tool(t, "dnf")
	for _, withBase := range []bool{true, false} {
		args := []string{"-q", "--disablerepo=*", "--setopt=reposdir=/nonexistent", "--installroot", t.TempDir(),
			"repoclosure", "--check", "role", "--repofrompath", "role," + filepath.Join(x, layouts.RepoDir)}
		if withBase {
			args = append(args, "--repofrompath", "base,"+x)
		}
		out, err := exec.Command(dnf, args...).CombinedOutput()
		if (err == nil) != withBase {
			t.Errorf("dnf repoclosure (with base: %v): err=%v\n%s", withBase, err, out)
		}
	}
}

func TestBuildCommandErrors(t *testing.T) {
	p := siteCopy(t, "lab", fakeSecrets(t))
	// A mirror with @core whose openstack-nova-compute needs MirrorOnly,
	// left out.
	tree, partial := t.TempDir(), filepath.Join(t.TempDir(), "partial")
	for _, n := range isotest.BasePackages {
		isotest.RPM(t, filepath.Join(tree, "Packages"), n)
	}
	isotest.Mirror(t, partial, tree, compute...)
	if err := os.Remove(filepath.Join(partial, "Packages", isotest.MirrorOnly+"-1.0-1.noarch.rpm")); err != nil {
		t.Fatal(err)
	}
	_, err := repodata.Create(context.Background(), partial, repodata.Options{Now: time.Unix(1700000000, 0), Groups: strings.NewReader(isotest.Comps(isotest.BaseCore...))})
	if err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(t.TempDir(), "bare")
	isotest.RPM(t, bare, "rockyiso-role")
	isotest.RoleRepo(t, bare)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"neither", []string{"--role", "compute", "-o", "x.iso"}, "--base-iso"},
		{"no-hosts", []string{"--role", "nosuch", "--oemdrv", "-o", "x.iso"}, "no host"},
		{"several-one-output", []string{"--role", "compute", "--role", "network", "--oemdrv", "-o", "x.iso"}, "{role}"},
		{"several-one-label", []string{"--role", "all", "--oemdrv", "--label", "X", "-o", "{role}.iso"}, "--label"},
		{"unresolvable", []string{"--role", "compute", "--oemdrv", "--repo", partial, "-o", "x.iso"}, "role compute: resolving the role closure: ebtables -> python-rockyiso-common: nothing provides"},
		{"no-core", []string{"--role", "compute", "--oemdrv", "--repo", bare, "-o", "x.iso"}, "@core"},
		{"repo-without-repodata", []string{"--role", "compute", "--oemdrv", "--repo", t.TempDir(), "-o", "x.iso"}, "repodata/repomd.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(t, append([]string{"build", "--site", p}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("build error %v, want one naming %q", err, tt.want)
			}
		})
	}
}
