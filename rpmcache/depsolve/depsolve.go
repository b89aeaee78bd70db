// Package depsolve computes the dependency closure of a package set over
// a universe of RPM packages the way dnf (libsolv) does on EL7 for a
// fresh install: rpm version comparison (rpmcache/rpmver), Requires
// against Provides and file lists, Obsoletes, Conflicts, repo priorities
// (yum-plugin-priorities / dnf's priority: a lower number wins), x86_64
// and noarch before other arches, and the newest version otherwise.
//
// Where several packages could satisfy a requirement it follows libsolv's
// policy (src/policy.c, policy_filter_unwanted): keep a package already
// chosen if one satisfies it; otherwise prune the candidates to the best
// repo priority, then to the best architecture, then to the newest
// version of each name, drop those another candidate obsoletes, and take
// the first by name. Requirements with a single candidate are followed
// before any choice, as libsolv's unit propagation does.
//
// It is pure: it reads Package values and returns a closure or an error.
package depsolve

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// Dep is one Provides, Requires, Conflicts or Obsoletes entry.
type Dep struct {
	Name  string
	Flags rpmver.Flags // 0: any version
	EVR   rpmver.EVR
}

// ParseDep reads rpm's dependency syntax: "name" or "name OP [E:]V[-R]"
// with OP one of = < <= > >=.
func ParseDep(s string) (Dep, error) {
	f := strings.Fields(s)
	switch len(f) {
	case 1:
		return Dep{Name: f[0]}, nil
	case 3:
		op, err := rpmver.ParseOp(f[1])
		if err != nil {
			return Dep{}, fmt.Errorf("parsing dependency %q: %w", s, err)
		}
		return Dep{Name: f[0], Flags: op, EVR: rpmver.Parse(f[2])}, nil
	}
	return Dep{}, fmt.Errorf("parsing dependency %q: want \"name\" or \"name OP version\"", s)
}

// String is the dependency in rpm's syntax.
func (d Dep) String() string {
	if d.Flags == 0 {
		return d.Name
	}
	return d.Name + " " + d.Flags.String() + " " + d.EVR.String()
}

func (d Dep) rng() rpmver.Range { return rpmver.Range{Flags: d.Flags, EVR: d.EVR} }

// Package is one binary package of the universe, as repodata's primary
// and filelists describe it.
type Package struct {
	Name, Arch              string
	Epoch, Version, Release string // Epoch "" or "0" when none
	Repo                    string
	// Priority is the repo's priority: lower wins, as with yum's
	// priorities plugin and dnf; 99 is their default.
	Priority int

	Provides, Requires, Conflicts, Obsoletes []Dep
	// Files lists every file of the package (primary's and filelists').
	Files []string
}

// EVR is the package's epoch, version and release.
func (p *Package) EVR() rpmver.EVR {
	return rpmver.EVR{Epoch: p.Epoch, Version: p.Version, Release: p.Release}
}

// NEVRA is name-[epoch:]version-release.arch, epoch shown when not 0.
func (p *Package) NEVRA() string {
	evr := p.EVR()
	if evr.Epoch == "0" {
		evr.Epoch = ""
	}
	return p.Name + "-" + evr.String() + "." + p.Arch
}

// Options tune Resolve.
type Options struct {
	// Arch is the machine's architecture; "" means x86_64, the only one
	// EL7 OpenStack supports.
	Arch string
}

// ErrUnresolvable is wrapped by every error about a package set that
// cannot be installed.
var ErrUnresolvable = errors.New("depsolve: unresolvable")

// Error explains why a requirement cannot be met, with the chain of
// packages that led to it.
type Error struct {
	Chain  []string // package names, from the requested one down
	Dep    Dep      // the requirement that failed
	Reason string   // "nothing provides", "conflicts with ..."
}

func (e *Error) Error() string {
	return strings.Join(append(e.Chain, e.Dep.String()), " -> ") + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrUnresolvable) true.
func (e *Error) Unwrap() error { return ErrUnresolvable }

// Resolve returns the packages a fresh install of want pulls in (want
// included), sorted by name, arch and version. Each wanted string is a
// package name, else a provide or a file path, as dnf install accepts.
func Resolve(universe []*Package, want []string, opts Options) ([]*Package, error) {
	return New(universe, opts).Resolve(want)
}
