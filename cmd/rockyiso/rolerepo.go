package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
	"github.com/rockyiso/rockyiso/rpmcache"
)

// roleRepos are the repos a role repo is computed from: the mirror
// (--repo) and the base media's own repo (none with --oemdrv).
type roleRepos struct {
	dir          string // the mirror's directory
	mirror, base *rpmcache.Repo
}

// loadRoleRepos reads the mirror's metadata and the base ISO's, once for
// every role; nil when no --repo is given.
func loadRoleRepos(o buildOptions, log *slog.Logger) (*roleRepos, error) {
	if o.Repo == "" {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(o.Repo, "repodata", "repomd.xml")); err != nil {
		return nil, fmt.Errorf("reading --repo: %s has no repodata/repomd.xml (run rockyiso mirror, or rockyiso repo create %s): %w", o.Repo, o.Repo, err)
	}
	mirror, err := rpmcache.ReadRepo("mirror "+o.Repo, rpmcache.DirOpener(o.Repo))
	if err != nil {
		return nil, fmt.Errorf("reading --repo: %w", err)
	}
	rr := &roleRepos{dir: o.Repo, mirror: mirror}
	if o.BaseISO != "" {
		if rr.base, err = readBaseRepo(o.BaseISO); err != nil {
			return nil, err
		}
		if rr.base == nil {
			log.Warn("the base ISO has no repodata/ (a boot.iso?): the role repos hold the whole role closures", "base", o.BaseISO)
		}
	}
	log.Info("read repos", "mirror", len(mirror.Meta.Packages), "base", baseCount(rr.base))
	return rr, nil
}

func baseCount(r *rpmcache.Repo) int {
	if r == nil {
		return 0
	}
	return len(r.Meta.Packages)
}

// readBaseRepo reads the repo at the root of the base ISO (repodata/ and
// Packages/) straight from the image; nil when the image has none.
func readBaseRepo(path string) (*rpmcache.Repo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the base ISO: %w", err)
	}
	defer f.Close()
	v, err := iso.OpenVolume(f)
	if err != nil {
		return nil, fmt.Errorf("reading base ISO %s: %w", path, err)
	}
	rc, err := v.Open("repodata/repomd.xml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		_ = rc.Close() // a view of the image: nothing to release
	}
	r, err := rpmcache.ReadRepo("base media", v.Open)
	if err != nil {
		return nil, fmt.Errorf("reading the repo of base ISO %s (CentOS 7 media have repodata/ at their root): %w", path, err)
	}
	return r, nil
}

// stage computes the role repo for pkgs (plus @core), writes its
// repodata under dir and returns the media files: the packages read
// straight from the mirror, the repodata from dir.
func (rr *roleRepos) stage(ctx context.Context, dir string, pkgs []string, now time.Time, log *slog.Logger) ([]iso.File, error) {
	if rr == nil {
		return nil, nil
	}
	sel, err := rpmcache.RoleRepo(rpmcache.RoleOptions{Base: rr.base, Mirror: rr.mirror, Groups: []string{"core"}, Packages: pkgs})
	if err != nil {
		return nil, err
	}
	if err := rpmcache.WriteRoleRepo(ctx, dir, sel, rpmcache.StageOptions{From: rr.dir, Now: now, Log: log}); err != nil {
		return nil, err
	}
	files := make([]iso.File, 0, len(sel)+8)
	for _, p := range sel {
		files = append(files, iso.File{Path: layouts.RepoDir + "/" + p.Location, Source: filepath.Join(rr.dir, filepath.FromSlash(p.Location)), Mode: 0o444})
	}
	md, err := treeFiles(filepath.Join(dir, "repodata"), layouts.RepoDir+"/repodata")
	if err != nil {
		return nil, fmt.Errorf("listing the role repo's repodata: %w", err)
	}
	log.Info("role repo", "packages", len(sel))
	return append(files, md...), nil
}

// treeFiles lists the regular files under dir as image files under prefix.
func treeFiles(dir, prefix string) ([]iso.File, error) {
	var files []iso.File
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, iso.File{Path: prefix + "/" + filepath.ToSlash(rel), Source: p, Mode: 0o444})
		return err
	})
	return files, err
}
