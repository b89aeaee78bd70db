// Package rpmcache keeps a verified, content-addressed cache of RPM
// packages and fills it from yum repositories over HTTP(S) or file:// URLs.
//
// The cache layout is <root>/sha256/ab/abcdef….rpm, keyed by the sha256
// that a repository's primary metadata records (createrepo's
// <checksum type="sha256">). Nothing but a validated hex digest is ever
// joined to the root, and every access goes through an os.Root, so names
// from metadata cannot escape it. A file enters the cache only after its
// sha256 and its RPM signature verified, by fsync and rename from
// <root>/partial/, where interrupted downloads wait to be resumed with
// HTTP range requests (RFC 9110 section 14).
package rpmcache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"syscall"
)

// ErrBadDigest reports a string that is not a lowercase hex sha256.
var ErrBadDigest = errors.New("rpmcache: not a sha256 hex digest")

// Cache is a content-addressed package store confined to one directory.
type Cache struct {
	dir  string
	root *os.Root
	lock *os.File
}

// Open opens (creating it if needed) the cache rooted at dir.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating cache %s: %w", dir, err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("opening cache %s: %w", dir, err)
	}
	for _, d := range []string{"sha256", "partial"} {
		if err := r.MkdirAll(d, 0o755); err != nil {
			_ = r.Close()
			return nil, fmt.Errorf("creating %s in cache %s: %w", d, dir, err)
		}
	}
	lock, err := lockRoot(r)
	if err != nil {
		_ = r.Close()
		return nil, fmt.Errorf("locking cache %s: %w", dir, err)
	}
	return &Cache{dir: dir, root: r, lock: lock}, nil
}

// ErrBusy reports a cache another process has open.
var ErrBusy = errors.New("rpmcache: cache in use by another process")

// lockRoot takes an exclusive lock on <root>/lock, which the kernel drops
// when the process dies, so a killed run never leaves the cache locked.
func lockRoot(r *os.Root) (*os.File, error) {
	f, err := r.OpenFile("lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, err
	}
	return f, nil
}

// Close unlocks the cache and releases its directory handle.
func (c *Cache) Close() error { return errors.Join(c.lock.Close(), c.root.Close()) }

// Dir returns the cache's directory.
func (c *Cache) Dir() string { return c.dir }

// checkDigest accepts only 64 lowercase hex digits.
func checkDigest(sum string) error {
	if len(sum) != 64 {
		return fmt.Errorf("%w: %q", ErrBadDigest, sum)
	}
	for _, r := range sum {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return fmt.Errorf("%w: %q", ErrBadDigest, sum)
		}
	}
	return nil
}

// rel returns the path of a cached package relative to the root.
func rel(sum string) string { return path.Join("sha256", sum[:2], sum+".rpm") }

// partialRel returns the path of a package's partial download.
func partialRel(sum string) string { return path.Join("partial", sum+".part") }

// Path returns the file name of the package with the given sha256, whether
// or not it is in the cache.
func (c *Cache) Path(sum string) (string, error) {
	if err := checkDigest(sum); err != nil {
		return "", err
	}
	return c.dir + "/" + rel(sum), nil
}

// Has reports whether the package with the given sha256 is in the cache.
func (c *Cache) Has(sum string) bool {
	if checkDigest(sum) != nil {
		return false
	}
	fi, err := c.root.Stat(rel(sum))
	return err == nil && fi.Mode().IsRegular()
}

// Open opens the cached package with the given sha256.
func (c *Cache) Open(sum string) (*os.File, error) {
	if err := checkDigest(sum); err != nil {
		return nil, err
	}
	f, err := c.root.Open(rel(sum))
	if err != nil {
		return nil, fmt.Errorf("opening cached %s: %w", sum, err)
	}
	return f, nil
}

// openPartial opens (creating) the partial download of sum for appending
// and returns it with its current length.
func (c *Cache) openPartial(sum string) (*os.File, int64, error) {
	f, err := c.root.OpenFile(partialRel(sum), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, 0, fmt.Errorf("opening partial download: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, 0, fmt.Errorf("opening partial download: %w", err)
	}
	return f, fi.Size(), nil
}

// removePartial deletes a partial download, ignoring one that is gone.
func (c *Cache) removePartial(sum string) error {
	if err := c.root.Remove(partialRel(sum)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing partial download: %w", err)
	}
	return nil
}

// syncPartial flushes a complete partial download to disk.
func (c *Cache) syncPartial(sum string) error {
	f, err := c.root.Open(partialRel(sum))
	if err != nil {
		return fmt.Errorf("syncing download: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing download: %w", err)
	}
	return nil
}

// commit moves a verified, synced partial download into the cache.
func (c *Cache) commit(sum string) error {
	if err := c.root.MkdirAll(path.Join("sha256", sum[:2]), 0o755); err != nil {
		return fmt.Errorf("creating cache directory: %w", err)
	}
	if err := c.root.Rename(partialRel(sum), rel(sum)); err != nil {
		return fmt.Errorf("moving %s into the cache: %w", sum, err)
	}
	return c.syncDir(path.Join("sha256", sum[:2]))
}

// syncDir fsyncs a directory so a rename in it survives a crash.
func (c *Cache) syncDir(name string) error {
	d, err := c.root.Open(name)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", name, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", name, err)
	}
	return nil
}
