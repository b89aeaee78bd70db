package rpmcache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
	"github.com/rockyiso/rockyiso/rpmcache/source"
)

// Repo is a repository's verified metadata with where it came from.
type Repo struct {
	Source source.Repo
	Meta   *repomd.Repo
	Comps  []byte // the comps (group) file, decompressed; nil when none
}

// metaDir is where a repo's metadata is kept in the cache, so that an
// offline run can resolve without the network.
func metaDir(name string) string { return path.Join("metadata", name) }

// LoadRepo reads a repository's metadata, verifying every file against
// repomd.xml. Online it downloads the files into the cache's
// metadata/<name>.new and, once all verified, replaces metadata/<name>
// with it; offline (f == nil) it reads metadata/<name>.
func (c *Cache) LoadRepo(ctx context.Context, f *Fetcher, r source.Repo) (*Repo, error) {
	dir := metaDir(r.Name)
	if f != nil {
		dir += ".new"
		if err := c.root.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("clearing %s: %w", dir, err)
		}
	}
	open := c.opener(ctx, f, r.BaseURL, dir)
	md, err := repomd.Load(open, repomd.Want{Filelists: true})
	if err != nil {
		return nil, fmt.Errorf("loading repo %s (%s): %w", r.Name, r.BaseURL, err)
	}
	comps, err := loadComps(open, md.Repomd)
	if err != nil {
		return nil, fmt.Errorf("loading repo %s (%s): %w", r.Name, r.BaseURL, err)
	}
	if f != nil {
		if err := c.replaceDir(dir, metaDir(r.Name)); err != nil {
			return nil, err
		}
	}
	return &Repo{Source: r, Meta: md, Comps: comps}, nil
}

// opener returns a repomd.Opener reading files under dir in the cache,
// downloading each from base first when f is set.
func (c *Cache) opener(ctx context.Context, f *Fetcher, base, dir string) repomd.Opener {
	return func(href string) (io.ReadCloser, error) {
		if err := repomd.SafeHref(href); err != nil {
			return nil, err
		}
		name := path.Join(dir, href)
		if f != nil {
			if err := c.download(ctx, f, joinURL(base, href), name); err != nil {
				return nil, err
			}
		}
		file, err := c.root.Open(name)
		if errors.Is(err, fs.ErrNotExist) && f == nil {
			return nil, fmt.Errorf("%s is not in the cache (%w); run once without --offline where the repos are reachable", href, err)
		}
		return file, err
	}
}

// download fetches url into name under the cache root.
func (c *Cache) download(ctx context.Context, f *Fetcher, url, name string) error {
	if err := c.root.MkdirAll(path.Dir(name), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", path.Dir(name), err)
	}
	dst, err := c.root.Create(name)
	if err != nil {
		return fmt.Errorf("creating %s: %w", name, err)
	}
	err = f.FetchFile(ctx, url, dst)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	return err
}

// replaceDir renames dir over old, removing what old held.
func (c *Cache) replaceDir(dir, old string) error {
	if err := c.root.RemoveAll(old); err != nil {
		return fmt.Errorf("removing old %s: %w", old, err)
	}
	if err := c.root.Rename(dir, old); err != nil {
		return fmt.Errorf("moving %s to %s: %w", dir, old, err)
	}
	return nil
}

// joinURL appends a checked relative href to a base URL.
func joinURL(base, href string) string {
	return strings.TrimSuffix(base, "/") + "/" + href
}

// loadComps reads the group file a repomd.xml lists (uncompressed group
// preferred, else group_gz), verified; nil when there is none.
func loadComps(open repomd.Opener, md *repomd.Repomd) ([]byte, error) {
	rec, ok := md.Record("group")
	if !ok {
		if rec, ok = md.Record("group_gz"); !ok {
			return nil, nil
		}
	}
	f, err := open(rec.Location)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", rec.Location, err)
	}
	defer f.Close()
	rc, err := rec.Open(f)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	_, err = io.Copy(&b, rc)
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rec.Location, err)
	}
	return b.Bytes(), nil
}
