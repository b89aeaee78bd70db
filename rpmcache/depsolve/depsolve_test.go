package depsolve_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// mk builds a package from "name-[E:]V-R.arch@repo/prio" and entries
// "R dep", "P dep", "O dep", "C dep" or "F /path".
func mk(t testing.TB, id string, entries ...string) *depsolve.Package {
	t.Helper()
	nevra, where, _ := strings.Cut(id, "@")
	repo, prio, _ := strings.Cut(where, "/")
	p := &depsolve.Package{Repo: repo, Priority: 99}
	if prio == "50" {
		p.Priority = 50
	}
	dot := strings.LastIndexByte(nevra, '.')
	nevr := nevra[:dot]
	p.Arch = nevra[dot+1:]
	rel := strings.LastIndexByte(nevr, '-')
	ver := strings.LastIndexByte(nevr[:rel], '-')
	p.Name = nevr[:ver]
	evr := rpmver.Parse(nevr[ver+1:])
	p.Epoch, p.Version, p.Release = evr.Epoch, evr.Version, evr.Release
	for _, e := range entries {
		kind, rest, _ := strings.Cut(e, " ")
		if kind == "F" {
			p.Files = append(p.Files, rest)
			continue
		}
		d, err := depsolve.ParseDep(rest)
		if err != nil {
			t.Fatal(err)
		}
		switch kind {
		case "R":
			p.Requires = append(p.Requires, d)
		case "P":
			p.Provides = append(p.Provides, d)
		case "O":
			p.Obsoletes = append(p.Obsoletes, d)
		case "C":
			p.Conflicts = append(p.Conflicts, d)
		default:
			t.Fatalf("bad entry %q", e)
		}
	}
	return p
}

func nevras(ps []*depsolve.Package) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.NEVRA()
	}
	return out
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name string
		uni  []string // one package per line: id, then entries separated by ", "
		want []string
		got  []string
	}{
		{
			name: "chain with versions, newest wins",
			uni: []string{
				"nova-1:18.3.0-1.el7.noarch@rocky/50, R python-nova = 1:18.3.0-1.el7",
				"python-nova-1:18.3.0-1.el7.noarch@rocky/50, R os-vif >= 1.9.0",
				"python-nova-1:18.2.0-1.el7.noarch@rocky/50, R missing",
				"os-vif-1.9.0-1.el7.noarch@rocky/50",
				"os-vif-1.11.1-1.el7.noarch@rocky/50",
				"os-vif-1.8.0-1.el7.noarch@rocky/50",
			},
			want: []string{"nova"},
			got:  []string{"nova-1:18.3.0-1.el7.noarch", "os-vif-1.11.1-1.el7.noarch", "python-nova-1:18.3.0-1.el7.noarch"},
		},
		{
			name: "rpmvercmp decides newest: tilde, letters, el7_9, epoch",
			uni: []string{
				"a-1.0~rc1-1.el7.noarch@os", "a-1.0-1.el7.noarch@os",
				"b-1.0-1.el7.noarch@os", "b-1.0a-1.el7.noarch@os",
				"c-1.0-1.el7.noarch@os", "c-1.0-1.el7_9.noarch@updates",
				"d-9.9-1.noarch@os", "d-1:1.0-1.noarch@os",
			},
			want: []string{"a", "b", "c", "d"},
			got:  []string{"a-1.0-1.el7.noarch", "b-1.0a-1.el7.noarch", "c-1.0-1.el7_9.noarch", "d-1:1.0-1.noarch"},
		},
		{
			name: "priority beats version",
			uni:  []string{"x-2.0-1.noarch@os", "x-1.0-1.noarch@rocky/50"},
			want: []string{"x"},
			got:  []string{"x-1.0-1.noarch"},
		},
		{
			name: "x86_64 over i686, i686 only where alone",
			uni: []string{
				"app-1-1.x86_64@os, R libgcc, R libcompat.so.1",
				"libgcc-4.8.5-44.el7.x86_64@os", "libgcc-4.8.5-44.el7.i686@os",
				"compat-1-1.i686@os, P libcompat.so.1",
				"ignored-1-1.aarch64@os, P libcompat.so.1",
			},
			want: []string{"app"},
			got:  []string{"app-1-1.x86_64", "compat-1-1.i686", "libgcc-4.8.5-44.el7.x86_64"},
		},
		{
			name: "file dependencies from file lists and provides",
			uni: []string{
				"app-1-1.noarch@os, R /usr/sbin/useradd, R /usr/share/js/jquery.min.js",
				"shadow-utils-2:4.6-5.el7.x86_64@os, F /usr/sbin/useradd",
				"xstatic-jquery-1-1.noarch@os, F /usr/share/js/jquery.min.js",
			},
			want: []string{"app"},
			got:  []string{"app-1-1.noarch", "shadow-utils-2:4.6-5.el7.x86_64", "xstatic-jquery-1-1.noarch"},
		},
		{
			name: "obsoleter replaces a requested package and a required one",
			uni: []string{
				"python-memcached-1.48-4.el7.noarch@os",
				"python2-memcached-1.58-1.el7.noarch@os, P python-memcached = 1.58-1.el7, O python-memcached < 1.58-1.el7",
				"app-1-1.noarch@os, R python-six",
				"python-six-1.9.0-2.el7.noarch@os",
				"python2-six-1.11.0-3.el7.noarch@os, P python-six = 1.11.0-3.el7, O python-six < 1.11.0-3.el7",
			},
			want: []string{"python-memcached", "app"},
			got:  []string{"app-1-1.noarch", "python2-memcached-1.58-1.el7.noarch", "python2-six-1.11.0-3.el7.noarch"},
		},
		{
			name: "a chosen package satisfies a requirement before the policy's pick",
			uni: []string{
				"dashboard-1-1.noarch@os, R webserver",
				"httpd-2.4.6-97.el7.x86_64@os, P webserver",
				"boa-0.94-1.el7.x86_64@os, P webserver",
			},
			want: []string{"dashboard", "httpd"},
			got:  []string{"dashboard-1-1.noarch", "httpd-2.4.6-97.el7.x86_64"},
		},
		{
			name: "several providers: first name after the policy",
			uni: []string{
				"app-1-1.noarch@os, R cap",
				"zeta-1-1.noarch@os, P cap", "beta-1-1.noarch@os, P cap", "alpha-1-1.i686@os, P cap",
				"gamma-1-1.noarch@rocky/50, R cap2", "p2a-1-1.noarch@os, P cap2", "p2b-1-1.noarch@rocky/50, P cap2",
			},
			want: []string{"app", "gamma"},
			got:  []string{"alpha-1-1.i686", "app-1-1.noarch", "gamma-1-1.noarch", "p2b-1-1.noarch"},
		},
		{
			name: "unique providers are followed before choices",
			uni: []string{
				"app-1-1.noarch@os, R cap, R tool",
				"a-tool-1-1.noarch@os, P cap", "tool-1-1.noarch@os, P cap",
			},
			want: []string{"app"},
			got:  []string{"app-1-1.noarch", "tool-1-1.noarch"},
		},
		{
			name: "i686 needs its same-version x86_64 build (lock-step), else is not installable",
			uni: []string{
				"app-1-1.i686@os, R libx.so, R liby.so, R libz.so",
				"x-1-1.i686@os, P libx.so", "x-1-1.x86_64@os, P libx.so()(64bit)",
				"y-1-1.i686@os, P liby.so", "y-1-1.x86_64@os", "y-2-1.i686@os, P liby.so",
				"z-1-1.i686@os, P libz.so",
			},
			want: []string{"app"},
			got:  []string{"app-1-1.i686", "x-1-1.i686", "x-1-1.x86_64", "y-1-1.i686", "y-1-1.x86_64", "z-1-1.i686"},
		},
		{
			name: "rpmlib requirements are rpm's own",
			uni:  []string{"app-1-1.noarch@os, R rpmlib(CompressedFileNames) <= 3.0.4-1"},
			want: []string{"app"},
			got:  []string{"app-1-1.noarch"},
		},
		{
			name: "request by provide, multilib both colors",
			uni: []string{
				"app-1-1.x86_64@os, R libc.so.6, R libc.so.6()(64bit)",
				"glibc-2.17-326.el7_9.x86_64@os, P libc.so.6()(64bit)",
				"glibc-2.17-326.el7_9.i686@os, P libc.so.6",
				"provider-1-1.noarch@os, P virtual-thing",
			},
			want: []string{"app", "virtual-thing"},
			got:  []string{"app-1-1.x86_64", "glibc-2.17-326.el7_9.i686", "glibc-2.17-326.el7_9.x86_64", "provider-1-1.noarch"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := depsolve.Resolve(universe(t, tc.uni), tc.want, depsolve.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.got, nevras(got)); d != "" {
				t.Errorf("closure of %v (-want +got):\n%s", tc.want, d)
			}
		})
	}
}

func universe(t testing.TB, lines []string) []*depsolve.Package {
	var u []*depsolve.Package
	for _, l := range lines {
		f := strings.Split(l, ", ")
		u = append(u, mk(t, f[0], f[1:]...))
	}
	return u
}

func TestResolveErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		uni  []string
		want []string
		err  string
	}{
		{
			name: "nothing provides, with the chain",
			uni: []string{
				"openstack-nova-compute-1:18.3.0-1.el7.noarch@rocky, R python-nova",
				"python-nova-1:18.3.0-1.el7.noarch@rocky, R python2-os-vif >= 1.9.0",
				"python2-os-vif-1.8.0-1.el7.noarch@rocky",
			},
			want: []string{"openstack-nova-compute"},
			err:  "openstack-nova-compute -> python-nova -> python2-os-vif >= 1.9.0: nothing provides",
		},
		{
			name: "no such package",
			uni:  []string{"a-1-1.noarch@os"},
			want: []string{"a", "nonexistent"},
			err:  "nonexistent: no package matches",
		},
		{
			name: "conflict",
			uni: []string{
				"a-1-1.noarch@os, R b, C c",
				"b-1-1.noarch@os, R c",
				"c-1-1.noarch@os",
			},
			want: []string{"a"},
			err:  "a -> b -> c: conflicts with the packages already chosen",
		},
		{
			name: "two versions of one name",
			uni: []string{
				"a-1-1.noarch@os, R lib = 1.0, R b",
				"b-1-1.noarch@os, R lib = 2.0",
				"lib-1.0-1.noarch@os", "lib-2.0-1.noarch@os",
			},
			want: []string{"a"},
			err:  "a -> b -> lib = 2.0: conflicts with the packages already chosen",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := depsolve.Resolve(universe(t, tc.uni), tc.want, depsolve.Options{})
			if err == nil || err.Error() != tc.err {
				t.Fatalf("Resolve error = %v, want %q", err, tc.err)
			}
			if !errors.Is(err, depsolve.ErrUnresolvable) {
				t.Errorf("error %v is not ErrUnresolvable", err)
			}
		})
	}
}

func TestParseDep(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want depsolve.Dep
		bad  bool
	}{
		{in: "python", want: depsolve.Dep{Name: "python"}},
		{in: "python2-os-vif >= 1.9.0", want: depsolve.Dep{Name: "python2-os-vif", Flags: rpmver.GE, EVR: rpmver.EVR{Version: "1.9.0"}}},
		{in: "mariadb(x86-64) = 3:10.1.20-2.el7", want: depsolve.Dep{Name: "mariadb(x86-64)", Flags: rpmver.Equal, EVR: rpmver.EVR{Epoch: "3", Version: "10.1.20", Release: "2.el7"}}},
		{in: "a >> 1", bad: true},
		{in: "a >=", bad: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := depsolve.ParseDep(tc.in)
			if tc.bad {
				if err == nil {
					t.Errorf("ParseDep(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("ParseDep(%q) (-want +got):\n%s", tc.in, d)
			}
			if got.String() != tc.in {
				t.Errorf("String() = %q, want %q", got.String(), tc.in)
			}
		})
	}
}
