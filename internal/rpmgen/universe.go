package rpmgen

import (
	"cmp"
	"slices"
)

// Repo is one generated repository and the yum/dnf priority a client
// gives it (lower wins; 99 is yum's default).
type Repo struct {
	Name     string
	Priority int
}

// Repos are the repos of a Universe, shaped like CentOS 7.9's plus the
// Cloud SIG's. openstack-rocky gets a better priority so that priorities
// matter in closures.
var Repos = []Repo{
	{"os", 99}, {"updates", 99}, {"extras", 99},
	{"openstack-rocky", 50}, {"kvm-common", 99}, {"ceph-luminous", 99},
}

// CoreGroup stands in for comps' @core group: what every generated node
// installs besides its role packages.
var CoreGroup = []string{
	"basesystem", "bash", "coreutils", "filesystem", "glibc", "openssh-server",
	"rpm", "setup", "shadow-utils", "sudo", "systemd", "yum",
}

// Options sizes a Universe.
type Options struct {
	// Packages is the number of Specs wanted; the hand-written skeleton
	// (about 170 packages) is the minimum.
	Packages int
	// Seed picks the generated filler packages; the same Options always
	// give the same Universe.
	Seed uint64
}

// Universe returns an EL7-like package universe: every package that
// site.RolePackages and CoreGroup name, with their dependencies, and
// filler packages up to opts.Packages. It exercises rpmvercmp (epochs,
// tildes, letters, el7 vs el7_9 releases), file dependencies in primary
// and in filelists only, Provides/Obsoletes renames (python-x ->
// python2-x), several versions across repos, repo priorities, x86_64,
// noarch and i686-only providers, and alternative providers of one
// capability. Every dependency in it can be satisfied. Specs are sorted
// by repo, name, arch and version.
func Universe(opts Options) []Spec {
	specs := skeleton()
	if n := opts.Packages - len(specs); n > 0 {
		specs = append(specs, fillers(specs, n, opts.Seed)...)
	}
	out := make([]Spec, len(specs))
	for i, s := range specs {
		out[i] = *s
	}
	slices.SortStableFunc(out, func(a, b Spec) int {
		return cmp.Or(cmp.Compare(a.Repo, b.Repo), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Arch, b.Arch), cmp.Compare(a.EVR(), b.EVR()))
	})
	return out
}
