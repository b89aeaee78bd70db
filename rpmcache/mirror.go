package rpmcache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
	"github.com/rockyiso/rockyiso/rpmcache/source"
)

// MirrorOptions says what to mirror and where.
type MirrorOptions struct {
	Sources    *source.Sources
	SourcesDir string     // where relative key paths in Sources are found
	Groups     []string   // comps groups every host installs, e.g. "core"
	Sets       [][]string // package sets, one per host: each is resolved with the groups
	Out        string     // the output repo directory
	Offline    bool       // resolve and build from the cache alone
	Fetch      Options    // workers, retries, timeouts, progress
	Now        time.Time  // timestamps of the written repodata
	Log        *slog.Logger
}

// MirrorResult says what Mirror did.
type MirrorResult struct {
	Packages int // packages in the output repo
	Stats    Stats
}

// Mirror loads every repo's metadata, resolves the closure of the groups
// plus each package set, fetches and verifies what the cache lacks, and
// writes the output repo (packages linked from the cache, repodata).
func (c *Cache) Mirror(ctx context.Context, opt MirrorOptions) (*MirrorResult, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	opt.Fetch.Log = opt.Log
	opt.Sources.WarnNoSig(opt.Log)
	f := NewFetcher(c, opt.Fetch)
	repos, keys, err := c.loadRepos(ctx, opt, f)
	if err != nil {
		return nil, err
	}
	items, err := resolve(repos, keys, opt)
	if err != nil {
		return nil, err
	}
	res := &MirrorResult{Packages: len(items)}
	if res.Stats, err = c.obtain(ctx, f, items, opt.Offline); err != nil {
		return res, err
	}
	return res, c.writeRepo(ctx, items, compsOf(repos), opt)
}

// loadRepos loads each repo's keys and metadata.
func (c *Cache) loadRepos(ctx context.Context, opt MirrorOptions, f *Fetcher) ([]*Repo, map[string]*sig.Keyring, error) {
	if opt.Offline {
		f = nil
	}
	var repos []*Repo
	keys := map[string]*sig.Keyring{}
	for _, sr := range opt.Sources.Repos {
		kr, err := sr.Keyring(opt.SourcesDir)
		if err != nil {
			return nil, nil, err
		}
		keys[sr.Name] = kr
		r, err := c.LoadRepo(ctx, f, sr)
		if err != nil {
			return nil, nil, err
		}
		opt.Log.Info("loaded repo", "repo", sr.Name, "packages", len(r.Meta.Packages))
		repos = append(repos, r)
	}
	return repos, keys, nil
}

// resolve computes the union of every set's closure and what to fetch.
func resolve(repos []*Repo, keys map[string]*sig.Keyring, opt MirrorOptions) ([]Item, error) {
	u, err := NewUniverse(repos, keys)
	if err != nil {
		return nil, err
	}
	base, err := groupPackages(repos, opt.Groups)
	if err != nil {
		return nil, err
	}
	solver := depsolve.New(u.Packages, depsolve.Options{})
	seen := map[*depsolve.Package]bool{}
	var all []*depsolve.Package
	sets := opt.Sets
	if len(sets) == 0 {
		sets = [][]string{nil} // the groups alone
	}
	for _, set := range sets {
		got, err := solver.Resolve(append(slices.Clone(base), set...))
		if err != nil {
			return nil, fmt.Errorf("resolving the closure: %w", err)
		}
		for _, p := range got {
			if !seen[p] {
				seen[p] = true
				all = append(all, p)
			}
		}
	}
	opt.Log.Info("resolved", "sets", len(opt.Sets), "packages", len(all))
	return u.Items(all)
}

// groupPackages lists the packages the groups install, from the first
// repo whose comps defines each group.
func groupPackages(repos []*Repo, groups []string) ([]string, error) {
	var names []string
	for _, g := range groups {
		found := false
		for _, r := range repos {
			ns, ok, err := r.group(g)
			if err != nil {
				return nil, err
			}
			if ok {
				names, found = append(names, ns...), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no repo's comps defines group @%s", g)
		}
	}
	return names, nil
}

// group returns what group g of the repo's comps installs.
func (r *Repo) group(g string) ([]string, bool, error) {
	if r.Comps == nil {
		return nil, false, nil
	}
	comps, err := repomd.ParseComps(strings.NewReader(string(r.Comps)))
	if err != nil {
		return nil, false, fmt.Errorf("repo %s: reading comps: %w", r.Source.Name, err)
	}
	grp, ok := comps.Group(g)
	return grp.Installed(), ok, nil
}

// compsOf returns the first repo's comps file, for the output repo.
func compsOf(repos []*Repo) []byte {
	for _, r := range repos {
		if r.Comps != nil {
			return r.Comps
		}
	}
	return nil
}

// obtain fetches what the cache lacks, or offline checks it has it all.
func (c *Cache) obtain(ctx context.Context, f *Fetcher, items []Item, offline bool) (Stats, error) {
	if !offline {
		return f.Fetch(ctx, items)
	}
	var missing []string
	for _, it := range items {
		if !c.Has(it.SHA256) {
			missing = append(missing, it.Name)
		}
	}
	if len(missing) > 0 {
		return Stats{Cached: len(items) - len(missing)}, fmt.Errorf("%w: %d packages are not in the cache (%s); run once without --offline",
			ErrOffline, len(missing), strings.Join(first(missing, 5), ", "))
	}
	return Stats{Cached: len(items)}, nil
}

// ErrOffline reports that an offline run lacks something it needs.
var ErrOffline = errors.New("rpmcache: offline and not cached")

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("and %d more", len(s)-n))
	}
	return s
}
