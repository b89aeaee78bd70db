package depsolve

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// need is a requirement of a chosen package still to be met.
type need struct {
	from *node
	dep  Dep
	alts []*node // if set, the candidates instead of dep's providers
}

// run is one Resolve: the chosen packages and the needs left.
type run struct {
	s      *Solver
	chosen map[*node]*node // package -> the package that pulled it in (nil for a request)
	byName map[string][]*node
	// chosen packages by a name they provide, obsolete or conflict with
	provided, obsoleting, conflicting map[string][]*node
	queue                             []need
	deferred                          []need // needs with several candidates, for after propagation
}

// Resolve returns the closure of want over the solver's universe; see
// the package function Resolve.
func (s *Solver) Resolve(want []string) ([]*Package, error) {
	r := &run{s: s, chosen: map[*node]*node{}, byName: map[string][]*node{},
		provided: map[string][]*node{}, obsoleting: map[string][]*node{}, conflicting: map[string][]*node{}}
	if err := r.requests(want); err != nil {
		return nil, err
	}
	if err := r.solve(); err != nil {
		return nil, err
	}
	return r.result(), nil
}

// requests installs what is asked: single candidates first, then the
// others by policy unless an earlier choice already satisfies them.
func (r *run) requests(want []string) error {
	jobs := make([][]*node, len(want))
	for i, w := range want {
		if jobs[i] = r.s.requestCandidates(w); len(jobs[i]) == 0 {
			return &Error{Dep: Dep{Name: w}, Reason: "no package matches"}
		}
	}
	for _, single := range []bool{true, false} {
		for i, c := range jobs {
			if (len(c) == 1) != single || slices.ContainsFunc(c, r.has) {
				continue
			}
			if err := r.pick(c, nil, Dep{Name: want[i]}); err != nil {
				return err
			}
			if err := r.propagate(); err != nil {
				return err
			}
		}
	}
	return nil
}

// requestCandidates are the packages named w (or, if none, providing w)
// and the packages that obsolete them, as dnf install considers.
func (s *Solver) requestCandidates(w string) []*node {
	c := slices.Clone(s.byName[w])
	if len(c) == 0 {
		return s.providers(Dep{Name: w})
	}
	for _, p := range s.byProvide[w] {
		if p.n.Name != w && !slices.Contains(c, p.n) && slices.ContainsFunc(c, func(o *node) bool { return obsoletes(p.n, o) }) {
			c = append(c, p.n)
		}
	}
	return c
}

// solve meets every need: propagate, then choose for the first need with
// several candidates, until none is left.
func (r *run) solve() error {
	for {
		if err := r.propagate(); err != nil {
			return err
		}
		if len(r.deferred) == 0 {
			return nil
		}
		nd := r.next()
		if r.satisfied(nd) {
			continue
		}
		if err := r.pick(r.candidates(nd), nd.from, nd.dep); err != nil {
			return err
		}
	}
}

// next takes the deferred need to decide first: like libsolv, one whose
// candidates the policy narrows to a single package, else the oldest.
func (r *run) next() need {
	i := slices.IndexFunc(r.deferred, func(nd need) bool {
		c := r.candidates(nd)
		return len(c) > 0 && len(filter(c)) == 1
	})
	i = max(i, 0)
	nd := r.deferred[i]
	r.deferred = slices.Delete(r.deferred, i, i+1)
	return nd
}

// propagate installs the only candidate of every need that has one,
// until nothing changes; needs with several stay deferred.
func (r *run) propagate() error {
	for {
		for len(r.queue) > 0 {
			nd := r.queue[0]
			r.queue = r.queue[1:]
			if err := r.step(nd); err != nil {
				return err
			}
		}
		if !r.recheck() {
			return nil
		}
	}
}

// step handles one need: satisfied, forced, impossible or deferred.
func (r *run) step(nd need) error {
	if r.satisfied(nd) {
		return nil
	}
	c := r.candidates(nd)
	if len(c) == 1 {
		return r.pick(c, nd.from, nd.dep)
	}
	if len(c) == 0 {
		return r.fail(nd)
	}
	r.deferred = append(r.deferred, nd)
	return nil
}

// recheck moves deferred needs whose candidates shrank back to the
// queue and reports whether it moved any.
func (r *run) recheck() bool {
	moved := false
	keep := r.deferred[:0]
	for _, nd := range r.deferred {
		if r.satisfied(nd) {
			continue
		}
		if len(r.candidates(nd)) < 2 {
			r.queue = append(r.queue, nd)
			moved = true
			continue
		}
		keep = append(keep, nd)
	}
	r.deferred = keep
	return moved
}

func (r *run) has(n *node) bool { _, ok := r.chosen[n]; return ok }

// satisfied reports whether a chosen package meets nd (rpmlib() deps
// are rpm's own and always met).
func (r *run) satisfied(nd need) bool {
	if strings.HasPrefix(nd.dep.Name, "rpmlib(") {
		return true
	}
	return slices.ContainsFunc(r.providers(nd), r.has)
}

func (r *run) providers(nd need) []*node {
	if nd.alts != nil {
		return slices.Clone(nd.alts)
	}
	return r.s.providers(nd.dep)
}

// candidates are the providers of nd that can join the chosen set.
func (r *run) candidates(nd need) []*node {
	return slices.DeleteFunc(r.providers(nd), func(n *node) bool { return !r.allowed(n) })
}

// allowed reports whether n can be installed beside the chosen packages:
// no other package of its name and color, no obsoletes or conflicts
// either way.
func (r *run) allowed(n *node) bool {
	if n.forbidden {
		return false
	}
	for _, c := range r.byName[n.Name] {
		if c != n && (c.color == 0 || n.color == 0 || c.color == n.color) {
			return false
		}
	}
	for _, c := range r.obsoleting[n.Name] {
		if obsoletes(c, n) {
			return false
		}
	}
	for _, o := range n.Obsoletes {
		if slices.ContainsFunc(r.byName[o.Name], func(c *node) bool { return obsoletes(n, c) }) {
			return false
		}
	}
	return r.conflictFree(n)
}

// conflictFree reports whether no Conflicts between n and the chosen
// packages match, either way.
func (r *run) conflictFree(n *node) bool {
	against := func(c *node) bool { return conflicts(c, n) }
	if slices.ContainsFunc(r.conflicting[n.Name], against) {
		return false
	}
	for _, p := range n.Provides {
		if slices.ContainsFunc(r.conflicting[p.Name], against) {
			return false
		}
	}
	for _, cf := range n.Conflicts {
		if slices.ContainsFunc(r.provided[cf.Name], func(c *node) bool { return conflicts(n, c) }) {
			return false
		}
	}
	return true
}

// pick installs the best of cands, pulled in by from for d.
func (r *run) pick(cands []*node, from *node, d Dep) error {
	if from == nil {
		cands = slices.DeleteFunc(slices.Clone(cands), func(n *node) bool { return !r.allowed(n) })
		if len(cands) == 0 {
			return &Error{Dep: d, Reason: "conflicts with the packages already chosen"}
		}
	}
	n := best(cands)
	r.add(n, from)
	if n.lockstep != nil {
		r.queue = append(r.queue, need{n, Dep{Name: n.Name, Flags: rpmver.Equal, EVR: n.evr}, n.lockstep})
	}
	for _, q := range n.Requires {
		r.queue = append(r.queue, need{from: n, dep: q})
	}
	return nil
}

// add records n as chosen, pulled in by from.
func (r *run) add(n, from *node) {
	r.chosen[n] = from
	r.byName[n.Name] = append(r.byName[n.Name], n)
	r.provided[n.Name] = append(r.provided[n.Name], n)
	for _, p := range n.Provides {
		r.provided[p.Name] = append(r.provided[p.Name], n)
	}
	for _, o := range n.Obsoletes {
		r.obsoleting[o.Name] = append(r.obsoleting[o.Name], n)
	}
	for _, c := range n.Conflicts {
		r.conflicting[c.Name] = append(r.conflicting[c.Name], n)
	}
}

// fail explains why nd cannot be met.
func (r *run) fail(nd need) error {
	reason := "nothing provides"
	if len(r.providers(nd)) > 0 {
		reason = "conflicts with the packages already chosen"
	}
	var chain []string
	for n := nd.from; n != nil; n = r.chosen[n] {
		chain = append(chain, n.Name)
	}
	slices.Reverse(chain)
	return &Error{Chain: chain, Dep: nd.dep, Reason: reason}
}

func (r *run) result() []*Package {
	out := make([]*Package, 0, len(r.chosen))
	for n := range r.chosen {
		out = append(out, n.Package)
	}
	slices.SortFunc(out, func(a, b *Package) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Arch, b.Arch), cmp.Compare(a.NEVRA(), b.NEVRA()))
	})
	return out
}
