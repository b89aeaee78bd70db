package repodata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// Options control Create.
type Options struct {
	// Workers is the number of RPM headers read at once; 0 means one per
	// CPU.
	Workers int
	// Now stamps repomd.xml (revision and timestamps) and the gzip headers,
	// and clamps package file times (primary's time file) that lie after
	// it. cmd/ fills it from SOURCE_DATE_EPOCH or the clock. Required.
	Now time.Time
	// Update reuses the metadata in the existing repodata/ for packages
	// whose location, size and (clamped) mtime are unchanged, as
	// createrepo_c --update does.
	Update bool
	// Groups, if set, is a comps file, written as the group and group_gz
	// records.
	Groups io.Reader
	// ChangelogLimit keeps the newest N changelog entries; 0 means
	// DefaultChangelogLimit, negative means all.
	ChangelogLimit int
	// Log receives progress; nil discards.
	Log *slog.Logger
}

// Result says what Create did.
type Result struct {
	Packages int // packages in the new metadata
	Reused   int // of which taken from the old metadata (Update)
	Repomd   *repomd.Repomd
}

const tmpDir = ".repodata.tmp"

// Create writes dir/repodata for every *.rpm under dir. The metadata is
// built in dir/.repodata.tmp and renamed over dir/repodata when complete;
// on error the old repodata is left as it was.
func Create(ctx context.Context, dir string, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	if opt.Now.IsZero() {
		return nil, errors.New("repodata: Options.Now is required (use SOURCE_DATE_EPOCH or the clock)")
	}
	unlock, err := lock(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rpms, err := listRPMs(dir)
	if err != nil {
		return nil, err
	}
	old, err := opt.previous(dir)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(dir, tmpDir)
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("removing stale %s: %w", tmp, err)
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", tmp, err)
	}
	res, err := build(ctx, tmp, rpms, old, opt)
	if err != nil {
		_ = os.RemoveAll(tmp) // best effort: the error that matters is err
		return nil, err
	}
	if err := swap(dir, tmp); err != nil {
		return nil, err
	}
	opt.Log.Info("repodata written", "dir", dir, "packages", res.Packages, "reused", res.Reused)
	return res, nil
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.ChangelogLimit == 0 {
		o.ChangelogLimit = DefaultChangelogLimit
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	o.Now = o.Now.UTC().Truncate(time.Second)
	return o
}

// previous is the repodata an Update starts from.
type previous struct {
	dir    string // the repository
	md     *repomd.Repomd
	byHref map[string]*repomd.Package
}

// previous loads the existing metadata for Update. A repository without
// repodata yet simply has nothing to reuse.
func (o Options) previous(dir string) (*previous, error) {
	if !o.Update {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "repodata", "repomd.xml")); errors.Is(err, os.ErrNotExist) {
		o.Log.Info("no repodata to update; creating it", "dir", dir)
		return nil, nil
	}
	open := func(href string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, filepath.FromSlash(href))) }
	repo, err := repomd.Load(open, repomd.Want{Filelists: true, Other: true})
	if err != nil {
		return nil, fmt.Errorf("reading the old repodata of %s for --update: %w", dir, err)
	}
	prev := &previous{dir: dir, md: repo.Repomd, byHref: make(map[string]*repomd.Package, len(repo.Packages))}
	for _, p := range repo.Packages {
		prev.byHref[p.Location] = p
	}
	return prev, nil
}

// swap puts the complete tmp in place of dir/repodata.
func swap(dir, tmp string) error {
	if err := syncAll(tmp); err != nil {
		return err
	}
	final := filepath.Join(dir, "repodata")
	prev := filepath.Join(dir, ".repodata.old")
	if err := os.RemoveAll(prev); err != nil {
		return fmt.Errorf("removing %s: %w", prev, err)
	}
	if err := os.Rename(final, prev); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("moving the old repodata aside: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return fmt.Errorf("renaming %s to %s: %w", tmp, final, err)
	}
	if err := syncDir(dir); err != nil {
		return err
	}
	return os.RemoveAll(prev)
}

// syncAll flushes every file of dir at once, then dir itself, so that the
// rename publishes data that is on disk; concurrent fsyncs share journal
// commits.
func syncAll(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	errs := make([]error, len(ents))
	var wg sync.WaitGroup
	for i, e := range ents {
		wg.Add(1)
		go func(i int, name string) {
			defer wg.Done()
			errs[i] = syncFile(name)
		}(i, filepath.Join(dir, e.Name()))
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", name, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("opening %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}

// errOnce keeps the first error of several goroutines and cancels the
// rest.
type errOnce struct {
	mu     sync.Mutex
	err    error
	cancel context.CancelFunc
}

func (e *errOnce) set(err error) {
	if err == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = err
		e.cancel()
	}
}

func (e *errOnce) get() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}
