package depsolve

import (
	"cmp"
	"slices"

	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// best picks one of several candidates for a requirement or a request:
// the first that filter leaves.
func best(cands []*node) *node { return filter(cands)[0] }

// filter prunes candidates as libsolv's policy_filter_unwanted does.
func filter(cands []*node) []*node {
	cands = slices.Clone(cands)
	cands = bestPriority(cands)
	cands = bestArch(cands)
	cands = newestPerName(cands)
	return dropObsoleted(cands)
}

// bestPriority keeps the candidates from the best (lowest) priority.
func bestPriority(cands []*node) []*node {
	top := cands[0].Priority
	for _, n := range cands {
		top = min(top, n.Priority)
	}
	return slices.DeleteFunc(cands, func(n *node) bool { return n.Priority != top })
}

// bestArch keeps noarch and the best arch among the others.
func bestArch(cands []*node) []*node {
	top := 0
	for _, n := range cands {
		if n.arch > 1 && (top == 0 || n.arch < top) {
			top = n.arch
		}
	}
	if top == 0 {
		return cands
	}
	return slices.DeleteFunc(cands, func(n *node) bool { return n.arch != 1 && n.arch != top })
}

// newestPerName keeps the newest of each name, sorted by name.
func newestPerName(cands []*node) []*node {
	slices.SortStableFunc(cands, func(a, b *node) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), -rpmver.Compare(a.evr, b.evr),
			cmp.Compare(a.arch, b.arch), cmp.Compare(a.Repo, b.Repo))
	})
	return slices.CompactFunc(cands, func(a, b *node) bool { return a.Name == b.Name })
}

// dropObsoleted removes candidates another candidate obsoletes, unless
// they obsolete each other.
func dropObsoleted(cands []*node) []*node {
	if len(cands) < 2 {
		return cands
	}
	var keep []*node
	for _, n := range cands {
		if !slices.ContainsFunc(cands, func(o *node) bool { return obsoletes(o, n) && !obsoletes(n, o) }) {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return cands
	}
	return keep
}
