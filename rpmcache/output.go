package rpmcache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

// writeRepo builds the output repo beside opt.Out (<out>.new), linking
// each package from the cache into Packages/ and writing its repodata,
// then swaps it in for the old one: a half-written repo never sits at Out.
func (c *Cache) writeRepo(ctx context.Context, items []Item, comps []byte, opt MirrorOptions) error {
	out := filepath.Clean(opt.Out)
	stage := out + ".new"
	if err := os.RemoveAll(stage); err != nil {
		return fmt.Errorf("clearing %s: %w", stage, err)
	}
	if err := os.MkdirAll(filepath.Join(stage, "Packages"), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", stage, err)
	}
	if err := c.link(items, filepath.Join(stage, "Packages")); err != nil {
		return err
	}
	ro := repodata.Options{Workers: opt.Fetch.Workers, Now: opt.Now, Log: opt.Log}
	if comps != nil {
		ro.Groups = bytes.NewReader(comps)
	}
	if _, err := repodata.Create(ctx, stage, ro); err != nil {
		return fmt.Errorf("writing repodata in %s: %w", stage, err)
	}
	return swapDir(stage, out)
}

// link hard-links (or copies, across file systems) each package from the
// cache into dir under its repo file name.
func (c *Cache) link(items []Item, dir string) error {
	seen := map[string]string{}
	for _, it := range items {
		name := it.File
		if name == "" {
			name = it.Name + ".rpm"
		}
		if prev, ok := seen[name]; ok {
			if prev != it.SHA256 {
				return fmt.Errorf("two different packages named %s (sha256 %s and %s)", name, prev, it.SHA256)
			}
			continue
		}
		seen[name] = it.SHA256
		if err := c.linkOne(it.SHA256, filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cache) linkOne(sum, dst string) error {
	src, err := c.Path(sum)
	if err != nil {
		return err
	}
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := c.Open(sum)
	if err != nil {
		return err
	}
	defer in.Close()
	w, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("copying to %s: %w", dst, err)
	}
	_, err = io.Copy(w, in)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copying to %s: %w", dst, err)
	}
	return nil
}

// swapDir replaces dir with stage: the old dir is moved aside, stage
// renamed in, the old one removed.
func swapDir(stage, dir string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("clearing %s: %w", old, err)
	}
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("moving %s aside: %w", dir, err)
	}
	if err := os.Rename(stage, dir); err != nil {
		return fmt.Errorf("moving %s to %s: %w", stage, dir, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("removing %s: %w", old, err)
	}
	return nil
}
