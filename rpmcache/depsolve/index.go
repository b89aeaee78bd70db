package depsolve

import (
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// node is a Package of the universe with what the solver precomputes.
type node struct {
	*Package
	id    int
	evr   rpmver.EVR
	arch  int // arch score: 1 noarch, then 2, 3... by preference
	color int // 0 noarch, 1 32-bit, 2 64-bit (rpm's file colors)
	mark  int // dedup generation in providers

	// An inferior-arch package (i686 where its name also comes as
	// x86_64) needs one of lockstep installed too; with none it cannot
	// be installed at all (libsolv's infarch rules, rules.c).
	lockstep  []*node
	forbidden bool
}

type provider struct {
	n   *node
	dep Dep
}

// Solver holds a universe indexed for repeated Resolve calls.
type Solver struct {
	nodes     []*node
	byName    map[string][]*node
	byProvide map[string][]provider
	byFile    map[string][]*node
	gen       int
}

// archPolicies are libsolv's arch preference lists (poolarch.c): each
// arch is its own class, earlier is better; noarch goes with all.
var archPolicies = map[string][]string{
	"x86_64":  {"x86_64", "i686", "i586", "i486", "i386"},
	"i686":    {"i686", "i586", "i486", "i386"},
	"aarch64": {"aarch64"},
	"ppc64le": {"ppc64le"},
}

// New indexes universe for the machine arch of opts. Packages of other
// arches (and source packages) are left out, as dnf does.
func New(universe []*Package, opts Options) *Solver {
	arch := opts.Arch
	if arch == "" {
		arch = "x86_64"
	}
	score := map[string]int{"noarch": 1}
	for i, a := range archPolicies[arch] {
		score[a] = i + 2
	}
	s := &Solver{byName: map[string][]*node{}, byProvide: map[string][]provider{}, byFile: map[string][]*node{}}
	for _, p := range universe {
		if sc := score[p.Arch]; sc > 0 {
			s.add(p, sc)
		}
	}
	for _, ns := range s.byName {
		lockstep(ns)
	}
	return s
}

// lockstep links the packages of one name whose arch is worse than the
// name's best to their same-EVR best-arch or noarch builds, as libsolv's
// infarch rules with implicitobsoleteusescolors (dnf's setting) do.
func lockstep(same []*node) {
	top := 0
	for _, n := range same {
		if n.arch > 1 && (top == 0 || n.arch < top) {
			top = n.arch
		}
	}
	for _, n := range same {
		if n.arch == 1 || n.arch == top {
			continue
		}
		for _, o := range same {
			if (o.arch == 1 || o.arch == top) && o.evr == n.evr {
				n.lockstep = append(n.lockstep, o)
			}
		}
		n.forbidden = len(n.lockstep) == 0
	}
}

func (s *Solver) add(p *Package, score int) {
	n := &node{Package: p, id: len(s.nodes), evr: p.EVR(), arch: score, color: color(p.Arch)}
	s.nodes = append(s.nodes, n)
	s.byName[p.Name] = append(s.byName[p.Name], n)
	s.byProvide[p.Name] = append(s.byProvide[p.Name], provider{n, Dep{Name: p.Name, Flags: rpmver.Equal, EVR: n.evr}})
	for _, d := range p.Provides {
		s.byProvide[d.Name] = append(s.byProvide[d.Name], provider{n, d})
	}
	for _, f := range p.Files {
		s.byFile[f] = append(s.byFile[f], n)
	}
}

func color(arch string) int {
	switch {
	case arch == "noarch":
		return 0
	case strings.HasSuffix(arch, "86") || arch == "athlon" || arch == "armv7hl":
		return 1
	}
	return 2
}

// providers returns the packages that satisfy d, each once, in universe
// order: packages whose Provides overlap d, or, for a path, that own it.
func (s *Solver) providers(d Dep) []*node {
	s.gen++
	var out []*node
	add := func(n *node) {
		if n.mark != s.gen {
			n.mark = s.gen
			out = append(out, n)
		}
	}
	r := d.rng()
	for _, p := range s.byProvide[d.Name] {
		if r.Overlaps(p.dep.rng()) {
			add(p.n)
		}
	}
	if strings.HasPrefix(d.Name, "/") {
		for _, n := range s.byFile[d.Name] {
			add(n)
		}
	}
	return out
}

// obsoletes reports whether a obsoletes b: an Obsoletes of a names b
// (not a provide, as rpm and libsolv match obsoletes) and covers b's EVR.
func obsoletes(a, b *node) bool {
	if a.Name == b.Name {
		return false
	}
	for _, o := range a.Obsoletes {
		if o.Name == b.Name && o.rng().Contains(b.evr) {
			return true
		}
	}
	return false
}

// conflicts reports whether a Conflicts entry of a matches a provide of b.
func conflicts(a, b *node) bool {
	for _, c := range a.Conflicts {
		if c.Name == b.Name && c.rng().Contains(b.evr) {
			return true
		}
		for _, p := range b.Provides {
			if p.Name == c.Name && c.rng().Overlaps(p.rng()) {
				return true
			}
		}
	}
	return false
}
