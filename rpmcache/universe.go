package rpmcache

import (
	"fmt"
	"path"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// Universe is every package of the mirrored repos, for the resolver, with
// a way back to where each one is downloaded from.
type Universe struct {
	Packages []*depsolve.Package
	from     map[*depsolve.Package]origin
}

// origin is a resolver package's repo entry and the repo's keys.
type origin struct {
	repo *Repo
	pkg  *repomd.Package
	keys *sig.Keyring
}

// NewUniverse converts the repos' packages for the resolver; keys holds
// each repo's keyring by name (nil for a repo that opted out).
func NewUniverse(repos []*Repo, keys map[string]*sig.Keyring) (*Universe, error) {
	u := &Universe{from: map[*depsolve.Package]origin{}}
	for _, r := range repos {
		for _, p := range r.Meta.Packages {
			dp, err := convert(p, r.Source.Name, r.Source.Priority)
			if err != nil {
				return nil, fmt.Errorf("repo %s: %s: %w", r.Source.Name, p.NEVRA(), err)
			}
			u.Packages = append(u.Packages, dp)
			u.from[dp] = origin{repo: r, pkg: p, keys: keys[r.Source.Name]}
		}
	}
	return u, nil
}

// convert turns a repomd package into a resolver package.
func convert(p *repomd.Package, repo string, prio int) (*depsolve.Package, error) {
	dp := &depsolve.Package{Name: p.Name, Arch: p.Arch, Epoch: p.Epoch, Version: p.Version, Release: p.Release,
		Repo: repo, Priority: prio}
	var err error
	for _, d := range []struct {
		dst *[]depsolve.Dep
		src []repomd.Dep
	}{{&dp.Provides, p.Provides}, {&dp.Requires, p.Requires}, {&dp.Conflicts, p.Conflicts}, {&dp.Obsoletes, p.Obsoletes}} {
		if *d.dst, err = convertDeps(d.src); err != nil {
			return nil, err
		}
	}
	for _, f := range p.Files {
		dp.Files = append(dp.Files, f.Path)
	}
	return dp, nil
}

func convertDeps(ds []repomd.Dep) ([]depsolve.Dep, error) {
	out := make([]depsolve.Dep, 0, len(ds))
	for _, d := range ds {
		fl, err := rpmver.ParseFlags(d.Flags)
		if err != nil {
			return nil, fmt.Errorf("dependency %s: %w", d.Name, err)
		}
		out = append(out, depsolve.Dep{Name: d.Name, Flags: fl, EVR: rpmver.EVR{Epoch: d.Epoch, Version: d.Version, Release: d.Release}})
	}
	return out, nil
}

// Items returns what to fetch for the resolved packages.
func (u *Universe) Items(pkgs []*depsolve.Package) ([]Item, error) {
	var its []Item
	for _, dp := range pkgs {
		o, ok := u.from[dp]
		if !ok {
			return nil, fmt.Errorf("resolver returned %s, which no repo lists", dp.NEVRA())
		}
		it, err := o.item()
		if err != nil {
			return nil, err
		}
		its = append(its, it)
	}
	return its, nil
}

// item describes one package for the Fetcher.
func (o origin) item() (Item, error) {
	p := o.pkg
	if err := repomd.SafeHref(p.Location); err != nil {
		return Item{}, fmt.Errorf("repo %s: %s: %w", o.repo.Source.Name, p.NEVRA(), err)
	}
	if p.Checksum.Type != "sha256" || !strings.HasSuffix(p.Location, ".rpm") {
		return Item{}, fmt.Errorf("repo %s: %s: checksum type %q at %q; the cache needs sha256 checksums of .rpm files",
			o.repo.Source.Name, p.NEVRA(), p.Checksum.Type, p.Location)
	}
	base := o.repo.Source.BaseURL
	if p.LocationBase != "" {
		base = p.LocationBase
	}
	return Item{Name: p.NEVRA(), URL: joinURL(base, p.Location), SHA256: p.Checksum.Value, Size: p.SizePackage,
		Keys: o.keys, NoSig: o.repo.Source.NoSig, File: path.Base(p.Location)}, nil
}
