package repomd

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// Opener opens a file of the repository by its href relative to the
// repository root ("repodata/repomd.xml", a record's location). The mirror
// passes an HTTP or cache reader, the repodata writer os.Open under a
// directory.
type Opener func(href string) (io.ReadCloser, error)

// Want chooses which metadata Load reads beside repomd.xml and primary.
type Want struct {
	Filelists bool // replace primary's file subset with the full lists
	Other     bool // add changelogs
}

// Repo is a repository's verified metadata.
type Repo struct {
	Repomd   *Repomd
	Packages []*Package
}

// Load reads repodata/repomd.xml, then primary and what want asks for,
// verifying each file against its record. The files are parsed
// concurrently and merged by pkgid.
func Load(open Opener, want Want) (*Repo, error) {
	md, err := loadRepomd(open)
	if err != nil {
		return nil, err
	}
	var (
		repo = &Repo{Repomd: md}
		fl   []filesOf
		ol   []changelogsOf
		errs [3]error
		wg   sync.WaitGroup
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		errs[0] = loadRecord(open, md, "primary", func(r io.Reader) (err error) {
			repo.Packages, err = ReadPrimary(r)
			return err
		})
	}()
	go func() {
		defer wg.Done()
		if want.Filelists {
			errs[1] = loadRecord(open, md, "filelists", func(r io.Reader) error {
				return ParseFilelists(r, func(ref PackageRef, f []File) error { fl = append(fl, filesOf{ref, f}); return nil })
			})
		}
	}()
	go func() {
		defer wg.Done()
		if want.Other {
			errs[2] = loadRecord(open, md, "other", func(r io.Reader) error {
				return ParseOther(r, func(ref PackageRef, c []Changelog) error { ol = append(ol, changelogsOf{ref, c}); return nil })
			})
		}
	}()
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return repo, merge(repo.Packages, fl, ol)
}

type filesOf struct {
	ref   PackageRef
	files []File
}

type changelogsOf struct {
	ref PackageRef
	log []Changelog
}

func merge(pkgs []*Package, fl []filesOf, ol []changelogsOf) error {
	idx := indexByID(pkgs)
	seen := cloneIndex(idx)
	for _, f := range fl {
		p, err := take(seen, f.ref, "filelists")
		if err != nil {
			return err
		}
		p.Files = f.files
	}
	seen = cloneIndex(idx)
	for _, o := range ol {
		p, err := take(seen, o.ref, "other")
		if err != nil {
			return err
		}
		p.Changelogs = o.log
	}
	return nil
}

func loadRepomd(open Opener) (*Repomd, error) {
	const href = "repodata/repomd.xml"
	f, err := open(href)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", href, err)
	}
	defer f.Close()
	md, err := ParseRepomd(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", href, err)
	}
	return md, nil
}

// loadRecord opens the record of type typ, hands parse the verified
// decompressed content and fails on any checksum mismatch.
func loadRecord(open Opener, md *Repomd, typ string, parse func(io.Reader) error) error {
	rec, ok := md.Record(typ)
	if !ok {
		return fmt.Errorf("%w: repomd.xml lists no %s", ErrMetadata, typ)
	}
	f, err := open(rec.Location)
	if err != nil {
		return fmt.Errorf("opening %s: %w", rec.Location, err)
	}
	defer f.Close()
	rc, err := rec.Open(f)
	if err != nil {
		return err
	}
	if err := parse(rc); err != nil {
		// A damaged file usually fails to parse before its digest is
		// checked; the digest is the root cause, so it wins.
		if cerr := rc.Close(); errors.Is(cerr, ErrChecksum) {
			return fmt.Errorf("reading %s: %w", rec.Location, cerr)
		}
		return fmt.Errorf("reading %s: %w", rec.Location, err)
	}
	if err := rc.Close(); err != nil {
		return fmt.Errorf("reading %s: %w", rec.Location, err)
	}
	return nil
}

// indexByID maps pkgid to the packages with it, in primary order (the
// same file may sit at two locations).
func indexByID(pkgs []*Package) map[string][]*Package {
	idx := make(map[string][]*Package, len(pkgs))
	for _, p := range pkgs {
		idx[p.Checksum.Value] = append(idx[p.Checksum.Value], p)
	}
	return idx
}

func take(idx map[string][]*Package, ref PackageRef, doc string) (*Package, error) {
	ps := idx[ref.PkgID]
	if len(ps) == 0 {
		return nil, fmt.Errorf("%w: %s lists %s (%s), which primary does not", ErrMetadata, doc, ref.Name, ref.PkgID)
	}
	idx[ref.PkgID] = ps[1:]
	return ps[0], nil
}

func cloneIndex(idx map[string][]*Package) map[string][]*Package {
	c := make(map[string][]*Package, len(idx))
	for k, v := range idx {
		c[k] = v
	}
	return c
}
