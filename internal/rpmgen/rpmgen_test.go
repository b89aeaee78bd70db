package rpmgen_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/site"
)

func TestUniverseSize(t *testing.T) {
	skel := len(rpmgen.Universe(rpmgen.Options{}))
	for _, tc := range []struct {
		name string
		want int
	}{{"skeleton", 0}, {"small", 600}, {"large", 10000}} {
		t.Run(tc.name, func(t *testing.T) {
			got := len(rpmgen.Universe(rpmgen.Options{Packages: tc.want, Seed: 1}))
			if want := max(tc.want, skel); got != want {
				t.Errorf("Universe(%d) has %d specs, want %d", tc.want, got, want)
			}
		})
	}
}

func TestUniverseDeterministic(t *testing.T) {
	a := rpmgen.Universe(rpmgen.Options{Packages: 2000, Seed: 7})
	b := rpmgen.Universe(rpmgen.Options{Packages: 2000, Seed: 7})
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("same options, different universes (-first +second):\n%s", d)
	}
	c := rpmgen.Universe(rpmgen.Options{Packages: 2000, Seed: 8})
	if cmp.Equal(a, c) {
		t.Errorf("seeds 7 and 8 gave the same universe")
	}
}

func TestUniverseUniqueNEVRA(t *testing.T) {
	seen := map[string]string{}
	for _, s := range rpmgen.Universe(rpmgen.Options{Packages: 10000, Seed: 3}) {
		if repo, ok := seen[s.NEVRA()]; ok {
			t.Errorf("%s is in %s and %s", s.NEVRA(), repo, s.Repo)
		}
		seen[s.NEVRA()] = s.Repo
	}
}

// Every requirement names something the universe provides (by name,
// provide or file); the versions are the depsolve tests' business.
func TestUniverseRequirementsProvided(t *testing.T) {
	u := rpmgen.Universe(rpmgen.Options{Packages: 3000, Seed: 5})
	have := map[string]bool{}
	for _, s := range u {
		have[s.Name] = true
		for _, p := range s.Provides {
			have[strings.Fields(p)[0]] = true
		}
		for _, f := range s.Files {
			have[f] = true
		}
	}
	var want []string
	for _, s := range u {
		for _, r := range s.Requires {
			want = append(want, strings.Fields(r)[0])
		}
	}
	for _, r := range site.Roles {
		want = append(want, site.RolePackages(r, site.LinuxBridge)...)
		want = append(want, site.RolePackages(r, site.OpenVSwitch)...)
	}
	want = append(want, rpmgen.CoreGroup...)
	for _, w := range want {
		if !have[w] && !strings.HasPrefix(w, "rpmlib(") {
			t.Errorf("nothing provides %s", w)
		}
	}
}

func TestWriteReadableByRPM(t *testing.T) {
	rpm := fixture.Tool(t, "rpm")
	var spec rpmgen.Spec
	for _, s := range rpmgen.Universe(rpmgen.Options{}) {
		if s.Name == "python-nova" && s.Release == "1.el7" && s.Version == "18.3.0" {
			spec = s
		}
	}
	path, err := rpmgen.Write(t.TempDir(), spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "python-nova-18.3.0-1.el7.noarch.rpm" {
		t.Errorf("wrote %s", path)
	}
	out, err := exec.Command(rpm, "-qp", "--nosignature", "--qf",
		"%{EPOCH}:%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n[P %{PROVIDES} %{PROVIDEFLAGS:depflags} %{PROVIDEVERSION}\n][R %{REQUIRENAME} %{REQUIREFLAGS:depflags} %{REQUIREVERSION}\n]", path).CombinedOutput()
	if err != nil {
		t.Fatalf("rpm -qp: %v\n%s", err, out)
	}
	for _, want := range []string{
		"1:python-nova-18.3.0-1.el7.noarch",
		"P python-nova = 1:18.3.0-1.el7",
		"R python2-os-vif >= 1.9.0",
		"R python2-oslo-config >= 2:5.2.0",
	} {
		if !strings.Contains(string(out), want+"\n") {
			t.Errorf("rpm -qp output lacks %q:\n%s", want, out)
		}
	}
}
