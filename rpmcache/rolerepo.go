package rpmcache

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
	"github.com/rockyiso/rockyiso/rpmcache/source"
)

// Resolver repo names of RoleRepo's union universe. depsolve breaks ties
// between equal versions by repo name, so "base" < "mirror" makes the
// install media's copy win, as anaconda keeps the package it already has.
const (
	roleBase   = "base"
	roleMirror = "mirror"
)

// RoleOptions say what a role's media repo must hold.
type RoleOptions struct {
	// Base is the install media's own repo; nil when there is none (an
	// OEMDRV volume beside stock media the caller does not have).
	Base *Repo
	// Mirror is the repo rockyiso mirror wrote.
	Mirror *Repo
	// Groups are comps groups every host installs, e.g. "core"; each is
	// taken from the base repo's comps first, then the mirror's.
	Groups []string
	// Packages is what the role's kickstart %packages names besides the
	// groups (the union of site.Packages over the role's hosts).
	Packages []string
}

// RoleRepo returns the mirror packages a role's media repo must carry: the
// closure of the groups and packages over the union of the base and
// mirror repos (same priority, newest wins, the base at equal versions),
// minus what the base repo carries with the same NEVRA and checksum. The
// result is sorted by location. An unresolvable requirement is a
// *depsolve.Error naming the chain.
func RoleRepo(o RoleOptions) ([]*repomd.Package, error) {
	if o.Mirror == nil {
		return nil, errors.New("computing the role repo: no mirror repo given")
	}
	repos := []*Repo{o.Mirror}
	if o.Base != nil {
		repos = []*Repo{o.Base, o.Mirror}
	}
	want, err := groupPackages(repos, o.Groups)
	if err != nil {
		return nil, err
	}
	u, from, err := roleUniverse(o.Base, o.Mirror)
	if err != nil {
		return nil, err
	}
	got, err := depsolve.Resolve(u, append(want, o.Packages...), depsolve.Options{})
	if err != nil {
		return nil, fmt.Errorf("resolving the role closure: %w", err)
	}
	return mirrorOnly(got, from, o.Base), nil
}

// roleUniverse converts both repos for the resolver, remembering each
// mirror package's entry.
func roleUniverse(base, mirror *Repo) ([]*depsolve.Package, map[*depsolve.Package]*repomd.Package, error) {
	var u []*depsolve.Package
	from := map[*depsolve.Package]*repomd.Package{}
	add := func(r *Repo, name string) error {
		for _, p := range r.Meta.Packages {
			dp, err := convert(p, name, source.DefaultPriority)
			if err != nil {
				return fmt.Errorf("repo %s: %s: %w", r.Source.Name, p.NEVRA(), err)
			}
			u = append(u, dp)
			if name == roleMirror {
				from[dp] = p
			}
		}
		return nil
	}
	if base != nil {
		if err := add(base, roleBase); err != nil {
			return nil, nil, err
		}
	}
	return u, from, add(mirror, roleMirror)
}

// mirrorOnly keeps the resolved mirror packages the base does not carry.
func mirrorOnly(got []*depsolve.Package, from map[*depsolve.Package]*repomd.Package, base *Repo) []*repomd.Package {
	carried := map[string]bool{}
	if base != nil {
		for _, p := range base.Meta.Packages {
			carried[pkgKey(p)] = true
		}
	}
	var out []*repomd.Package
	for _, dp := range got {
		if p, ok := from[dp]; ok && !carried[pkgKey(p)] {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *repomd.Package) int { return cmp.Compare(a.Location, b.Location) })
	return out
}

// pkgKey identifies a package file: its NEVRA and checksum.
func pkgKey(p *repomd.Package) string {
	return p.NEVRA() + " " + p.Checksum.Type + ":" + p.Checksum.Value
}

// ReadRepo reads a local repository's metadata (repomd.xml, primary,
// filelists and the comps group file), verified, through open: a
// directory (DirOpener) or an install image (iso.Volume.Open).
func ReadRepo(name string, open repomd.Opener) (*Repo, error) {
	md, err := repomd.Load(open, repomd.Want{Filelists: true})
	if err != nil {
		return nil, fmt.Errorf("loading repo %s: %w", name, err)
	}
	comps, err := loadComps(open, md.Repomd)
	if err != nil {
		return nil, fmt.Errorf("loading repo %s: %w", name, err)
	}
	return &Repo{Source: source.Repo{Name: name, Priority: source.DefaultPriority}, Meta: md, Comps: comps}, nil
}

// DirOpener opens a repository's files under dir, refusing hrefs that
// leave it.
func DirOpener(dir string) repomd.Opener {
	return func(href string) (io.ReadCloser, error) {
		if err := repomd.SafeHref(href); err != nil {
			return nil, err
		}
		return os.Open(filepath.Join(dir, filepath.FromSlash(href)))
	}
}

// StageOptions say where WriteRoleRepo takes packages from.
type StageOptions struct {
	From string    // the mirror repo's directory, where pkgs' locations point
	Now  time.Time // repodata timestamps (SOURCE_DATE_EPOCH)
	Log  *slog.Logger
}

// WriteRoleRepo makes dir a yum repo of pkgs: each package file hard-linked
// (copied across file systems) from o.From at its location, then
// repodata written by repodata.Create. dir should be new and empty.
func WriteRoleRepo(ctx context.Context, dir string, pkgs []*repomd.Package, o StageOptions) error {
	for _, p := range pkgs {
		if err := repomd.SafeHref(p.Location); err != nil {
			return fmt.Errorf("staging %s: %w", p.NEVRA(), err)
		}
		if p.LocationBase != "" {
			return fmt.Errorf("staging %s: it lives at %s, not in %s (xml:base); point at a local mirror", p.NEVRA(), p.LocationBase, o.From)
		}
		rel := filepath.FromSlash(p.Location)
		if err := linkOrCopy(filepath.Join(o.From, rel), filepath.Join(dir, rel)); err != nil {
			return fmt.Errorf("staging %s: %w", p.NEVRA(), err)
		}
	}
	if _, err := repodata.Create(ctx, dir, repodata.Options{Now: o.Now, Log: o.Log}); err != nil {
		return fmt.Errorf("writing the role repo's repodata: %w", err)
	}
	return checkStaged(dir, pkgs, o.From)
}

// checkStaged reads the new repo back: it must list exactly pkgs, each
// file with the checksum the mirror's metadata gave it.
func checkStaged(dir string, pkgs []*repomd.Package, from string) error {
	got, err := ReadRepo("role", DirOpener(dir))
	if err != nil {
		return fmt.Errorf("reading the role repo back: %w", err)
	}
	want := map[string]repomd.Checksum{}
	for _, p := range pkgs {
		want[p.Location] = p.Checksum
	}
	for _, p := range got.Meta.Packages {
		if w, ok := want[p.Location]; ok && w.Type == p.Checksum.Type && w.Value != p.Checksum.Value {
			return fmt.Errorf("staging %s: %s differs from the mirror's metadata (%s %s, file has %s); rerun rockyiso mirror",
				p.NEVRA(), filepath.Join(from, filepath.FromSlash(p.Location)), w.Type, w.Value, p.Checksum.Value)
		}
	}
	if len(got.Meta.Packages) != len(pkgs) {
		return fmt.Errorf("writing the role repo: %d packages in %s, want %d", len(got.Meta.Packages), dir, len(pkgs))
	}
	return nil
}

// linkOrCopy hard-links src to dst, or copies it when a link cannot be
// made (another file system).
func linkOrCopy(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(dst), err)
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("opening %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("creating %s: %w", dst, err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copying %s to %s: %w", src, dst, err)
	}
	return nil
}
