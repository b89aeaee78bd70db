package depsolve_test

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/site"
)

// fromSpecs gives generated packages as a repomd parser would: epoch
// "0" when none, every file, the repo's priority.
func fromSpecs(t testing.TB, specs []rpmgen.Spec) []*depsolve.Package {
	t.Helper()
	prio := map[string]int{}
	for _, r := range rpmgen.Repos {
		prio[r.Name] = r.Priority
	}
	out := make([]*depsolve.Package, len(specs))
	for i, s := range specs {
		p := &depsolve.Package{
			Name: s.Name, Arch: s.Arch, Epoch: strconv.FormatUint(uint64(s.Epoch), 10),
			Version: s.Version, Release: s.Release, Repo: s.Repo, Priority: prio[s.Repo],
			Files: s.Files,
		}
		p.Provides = deps(t, append([]string{s.Name + " = " + s.EVR()}, s.Provides...))
		p.Requires, p.Conflicts, p.Obsoletes = deps(t, s.Requires), deps(t, s.Conflicts), deps(t, s.Obsoletes)
		out[i] = p
	}
	return out
}

func deps(t testing.TB, ss []string) []depsolve.Dep {
	var out []depsolve.Dep
	for _, s := range ss {
		d, err := depsolve.ParseDep(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// roleSets are the package sets to compare: every role under both
// Neutron drivers (once where the driver changes nothing), plus @core,
// and everything at once.
func roleSets() map[string][]string {
	sets := map[string][]string{}
	for _, r := range site.Roles {
		lb, ovs := site.RolePackages(r, site.LinuxBridge), site.RolePackages(r, site.OpenVSwitch)
		if slices.Equal(lb, ovs) {
			sets[string(r)] = append(lb, rpmgen.CoreGroup...)
			continue
		}
		sets[string(r)+"-"+site.LinuxBridge] = append(lb, rpmgen.CoreGroup...)
		sets[string(r)+"-"+site.OpenVSwitch] = append(ovs, rpmgen.CoreGroup...)
	}
	sets["all"] = append(site.AllPackages(), rpmgen.CoreGroup...)
	return sets
}

// TestResolveMatchesDNF resolves each role's packages over a generated
// universe with depsolve and with Debian's dnf (libsolv) on the same
// RPMs, made into repos by createrepo_c, and wants the same closure.
func TestResolveMatchesDNF(t *testing.T) {
	dnf := fixture.Tool(t, "dnf")
	createrepo := fixture.Tool(t, "createrepo_c")
	for _, seed := range []uint64{42, 7} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			specs := rpmgen.Universe(rpmgen.Options{Packages: 1200, Seed: seed})
			o := newOracle(t, dnf, createrepo, specs)
			solver := depsolve.New(fromSpecs(t, specs), depsolve.Options{})
			sets := roleSets()
			for _, name := range slices.Sorted(maps.Keys(sets)) {
				t.Run(name, func(t *testing.T) {
					got, err := solver.Resolve(sets[name])
					if err != nil {
						t.Fatal(err)
					}
					var files []string
					for _, p := range got {
						files = append(files, fmt.Sprintf("%s-%s-%s.%s.rpm", p.Name, p.Version, p.Release, p.Arch))
					}
					slices.Sort(files)
					if d := cmp.Diff(o.closure(t, sets[name]), files); d != "" {
						t.Errorf("closure differs from dnf's (-dnf +depsolve):\n%s", d)
					}
				})
			}
		})
	}
}

// oracle is dnf set up over the generated repos.
type oracle struct {
	dnf, root string
	args      []string
}

func newOracle(t *testing.T, dnf, createrepo string, specs []rpmgen.Spec) *oracle {
	t.Helper()
	root := t.TempDir()
	dirs, err := rpmgen.WriteRepos(filepath.Join(root, "repos"), specs, nil)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(root, "dnf.conf")
	if err := os.WriteFile(conf, []byte("[main]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := &oracle{dnf: dnf, root: root, args: dnfArgs(root, conf)}
	for _, r := range rpmgen.Repos {
		dir, ok := dirs[r.Name]
		if !ok {
			continue
		}
		if out, err := exec.Command(createrepo, "-q", "--workers", "2", dir).CombinedOutput(); err != nil {
			t.Fatalf("createrepo_c %s: %v\n%s", dir, err, out)
		}
		o.args = append(o.args, "--repofrompath="+r.Name+",file://"+dir,
			fmt.Sprintf("--setopt=%s.priority=%d", r.Name, r.Priority))
	}
	return o
}

// dnfArgs make dnf resolve for an empty EL7 x86_64 installroot, with no
// host configuration, repos, plugins or weak dependencies.
func dnfArgs(root, conf string) []string {
	return []string{
		"-q", "-y", "--config=" + conf, "--installroot=" + filepath.Join(root, "installroot"),
		"--releasever=7", "--forcearch=x86_64", "--setopt=reposdir=/dev/null",
		"--setopt=cachedir=" + filepath.Join(root, "cache"), "--disableplugin=*", "--nogpgcheck",
		"--setopt=install_weak_deps=False", "--setopt=tsflags=noscripts", "--setopt=skip_if_unavailable=False",
	}
}

// closure is the file names of the packages dnf downloads to install want.
func (o *oracle) closure(t *testing.T, want []string) []string {
	t.Helper()
	dest := t.TempDir()
	args := append(slices.Clone(o.args), "--downloadonly", "--destdir="+dest, "install")
	out, err := exec.Command(o.dnf, append(args, want...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("dnf install --downloadonly: %v\n%s", err, out)
	}
	ents, err := os.ReadDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".rpm") {
			files = append(files, e.Name())
		}
	}
	if len(files) == 0 {
		t.Fatalf("dnf downloaded nothing for %v:\n%s", want, out)
	}
	return files
}
