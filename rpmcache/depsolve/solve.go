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

	postponed bool // already found ambiguous once
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
	ambiguous                         []need // needs the policy leaves several candidates for
	// names a request selects: their lock-step (infarch) rules are off,
	// as libsolv's jobtodisablelist does for dnf's SETARCH install jobs
	requested map[string]bool
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
	r.requested = map[string]bool{}
	for i, w := range want {
		if jobs[i] = r.s.requestCandidates(w); len(jobs[i]) == 0 {
			return &Error{Dep: Dep{Name: w}, Reason: "no package matches"}
		}
		for _, n := range jobs[i] {
			r.requested[n.Name] = true
		}
	}
	for _, single := range []bool{true, false} {
		for i, c := range jobs {
			if (len(c) == 1) != single || slices.ContainsFunc(c, r.has) {
				continue
			}
			if err := r.request(c, Dep{Name: want[i]}); err != nil {
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
	for _, n := range s.byObsolete[w] {
		if !slices.Contains(c, n) && slices.ContainsFunc(c, func(o *node) bool { return obsoletes(n, o) }) {
			c = append(c, n)
		}
	}
	return c
}

// solve meets every need: propagate single candidates, then decide the
// needs the policy narrows to one package, in order, then the truly
// ambiguous ones, propagating after each decision, as libsolv's
// resolve_dependencies does.
func (r *run) solve() error {
	for {
		if err := r.propagate(); err != nil {
			return err
		}
		var nd need
		switch {
		case len(r.deferred) > 0:
			nd, r.deferred = r.deferred[0], r.deferred[1:]
		case len(r.ambiguous) > 0:
			nd, r.ambiguous = r.ambiguous[0], r.ambiguous[1:]
		default:
			return nil
		}
		if err := r.decide(nd); err != nil {
			return err
		}
	}
}

// decide meets nd if it is still open: by the policy's only pick, or,
// for an ambiguous need, once no other need is left, by its first pick.
func (r *run) decide(nd need) error {
	c, open := r.open(nd)
	if !open {
		return nil
	}
	if len(c) == 0 {
		return r.fail(nd)
	}
	f := filter(c)
	if len(f) > 1 && !nd.postponed {
		nd.postponed = true
		r.ambiguous = append(r.ambiguous, nd)
		return nil
	}
	r.add(f[0], nd.from)
	return nil
}

// propagate installs the only candidate of every queued need that has
// one; needs with several are deferred.
func (r *run) propagate() error {
	for len(r.queue) > 0 {
		nd := r.queue[0]
		r.queue = r.queue[1:]
		c, open := r.open(nd)
		switch {
		case !open:
		case len(c) == 0:
			return r.fail(nd)
		case len(c) == 1:
			r.add(c[0], nd.from)
		default:
			r.deferred = append(r.deferred, nd)
		}
	}
	return nil
}

func (r *run) has(n *node) bool { _, ok := r.chosen[n]; return ok }

// open reports whether no chosen package meets nd yet (rpmlib() deps are
// rpm's own and always met) and, if so, the providers that can join.
func (r *run) open(nd need) ([]*node, bool) {
	if strings.HasPrefix(nd.dep.Name, "rpmlib(") {
		return nil, false
	}
	ps := r.providers(nd)
	if slices.ContainsFunc(ps, r.has) {
		return nil, false
	}
	var c []*node
	for _, n := range ps {
		if r.allowed(n) {
			c = append(c, n)
		}
	}
	return c, true
}

func (r *run) providers(nd need) []*node {
	if nd.alts != nil {
		return nd.alts
	}
	return r.s.providers(nd.dep)
}

// allowed reports whether n can be installed beside the chosen packages:
// no other package of its name and color, no obsoletes or conflicts
// either way.
func (r *run) allowed(n *node) bool {
	if n.forbidden && !r.requested[n.Name] {
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

// request installs the best of a request's candidates.
func (r *run) request(cands []*node, d Dep) error {
	cands = slices.DeleteFunc(slices.Clone(cands), func(n *node) bool { return !r.allowed(n) })
	if len(cands) == 0 {
		return &Error{Dep: d, Reason: "conflicts with the packages already chosen"}
	}
	r.add(best(cands), nil)
	return nil
}

// add records n as chosen, pulled in by from, and queues its needs.
func (r *run) add(n, from *node) {
	r.chosen[n] = from
	if n.lockstep != nil && !r.requested[n.Name] {
		r.queue = append(r.queue, need{from: n, dep: Dep{Name: n.Name, Flags: rpmver.Equal, EVR: n.evr}, alts: n.lockstep})
	}
	for _, q := range n.Requires {
		r.queue = append(r.queue, need{from: n, dep: q})
	}
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
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Arch, b.Arch), rpmver.Compare(a.EVR(), b.EVR()))
	})
	return out
}
