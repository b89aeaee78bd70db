package rpmcache

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// ErrRefused reports a downloaded package that failed verification; it
// never enters the cache.
var ErrRefused = errors.New("rpmcache: package refused")

// ErrRetriesExhausted reports a download that kept failing.
var ErrRetriesExhausted = errors.New("rpmcache: retries exhausted")

// Item is one package to fetch into the cache.
type Item struct {
	Name   string // name-version-release.arch, for messages
	URL    string // http://, https:// or file:// URL of the package
	SHA256 string // from the repository's primary metadata
	Size   int64  // package size from primary; 0 when unknown
	Keys   *sig.Keyring
	NoSig  bool   // the repository opted out of signature checks
	File   string // file name in an output repo, e.g. "bash-4.2.46-34.el7.x86_64.rpm"
}

// Options tunes a Fetcher. Zero values select the defaults.
type Options struct {
	Workers      int           // parallel downloads; default 6
	Retries      int           // retries after the first attempt; default 4
	Backoff      time.Duration // first retry delay, doubled each time; default 1s
	MaxBackoff   time.Duration // default 30s
	StallTimeout time.Duration // no body byte for this long aborts an attempt; default 30s
	Client       *http.Client  // default NewClient(Workers)
	Log          *slog.Logger  // default discards
	Progress     Progress      // default none
}

func (o Options) withDefaults() Options {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Workers <= 0 {
		o.Workers = 6
	}
	if o.Retries < 0 {
		o.Retries = 0
	} else if o.Retries == 0 {
		o.Retries = 4
	}
	set(&o.Backoff, time.Second)
	set(&o.MaxBackoff, 30*time.Second)
	set(&o.StallTimeout, 30*time.Second)
	if o.Client == nil {
		o.Client = NewClient(o.Workers)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = nopProgress{}
	}
	return o
}

// Fetcher downloads packages into a Cache, verifying each one.
type Fetcher struct {
	cache *Cache
	opt   Options
}

// NewFetcher returns a Fetcher filling c.
func NewFetcher(c *Cache, opt Options) *Fetcher {
	return &Fetcher{cache: c, opt: opt.withDefaults()}
}

// Stats counts what a Fetch did.
type Stats struct {
	Cached, Fetched int   // packages found in the cache / downloaded
	Bytes           int64 // bytes received
}

// Fetch makes every item present and verified in the cache. It fetches
// what is missing in parallel, keeps going past failures, and returns
// every failure joined, each naming its package and the reason.
func (f *Fetcher) Fetch(ctx context.Context, items []Item) (Stats, error) {
	todo, st := f.plan(items)
	var total int64
	for _, it := range todo {
		total += it.Size
	}
	f.opt.Progress.Start(total, len(todo))
	defer f.opt.Progress.Finish()
	r := &results{errs: make([]error, len(todo)), st: st}
	// Workers download and verify; committers fsync and rename, so that
	// waiting for the disk never holds up a download (and concurrent
	// fsyncs share the file system's journal commits).
	commits := make(chan int, len(todo))
	var cwg sync.WaitGroup
	for range f.opt.Workers {
		cwg.Go(func() {
			for i := range commits {
				r.commit(i, f.commit(todo[i]))
			}
		})
	}
	f.parallel(len(todo), func(i int) {
		n, err := f.fetchOne(ctx, todo[i])
		r.fetched(i, n, err)
		if err == nil {
			commits <- i
		}
	})
	close(commits)
	cwg.Wait()
	return r.st, errors.Join(r.errs...)
}

// results gathers what the workers and committers report.
type results struct {
	mu   sync.Mutex
	errs []error
	st   Stats
}

func (r *results) fetched(i int, n int64, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.st.Bytes += n
	r.errs[i] = err
}

func (r *results) commit(i int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.errs[i] = err; err == nil {
		r.st.Fetched++
	}
}

// commit moves a verified download into the cache.
func (f *Fetcher) commit(it Item) error {
	if err := f.cache.syncPartial(it.SHA256); err != nil {
		return fmt.Errorf("fetching %s: %w", it.Name, err)
	}
	if err := f.cache.commit(it.SHA256); err != nil {
		return fmt.Errorf("fetching %s: %w", it.Name, err)
	}
	f.opt.Progress.Done(it.Name)
	return nil
}

// plan drops duplicates and packages already cached.
func (f *Fetcher) plan(items []Item) ([]Item, Stats) {
	var st Stats
	seen := map[string]bool{}
	var todo []Item
	for _, it := range items {
		if seen[it.SHA256] {
			continue
		}
		seen[it.SHA256] = true
		if f.cache.Has(it.SHA256) {
			st.Cached++
			continue
		}
		todo = append(todo, it)
	}
	return todo, st
}

// parallel calls fn(0..n-1) on Workers goroutines.
func (f *Fetcher) parallel(n int, fn func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(f.opt.Workers, n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// fetchOne downloads and verifies one package, with retries; it is left
// complete in partial/ for the committers.
func (f *Fetcher) fetchOne(ctx context.Context, it Item) (int64, error) {
	if err := checkItem(it); err != nil {
		return 0, fmt.Errorf("fetching %s: %w", it.Name, err)
	}
	return f.retrying(ctx, it.Name, it.URL, func() (int64, error) { return f.try(ctx, it) })
}

// retrying calls attempt until it succeeds, fails for good, or has failed
// 1+Retries times, sleeping with exponential backoff in between. It
// returns the bytes all attempts received.
func (f *Fetcher) retrying(ctx context.Context, name, url string, attempt func() (int64, error)) (int64, error) {
	var total int64
	delay := f.opt.Backoff
	for i := 0; ; i++ {
		n, err := attempt()
		total += n
		switch {
		case err == nil:
			return total, nil
		case !retryable(err) || ctx.Err() != nil:
			return total, fmt.Errorf("fetching %s from %s: %w", name, url, err)
		case i >= f.opt.Retries:
			return total, fmt.Errorf("fetching %s from %s: %w after %d attempts: %w", name, url, ErrRetriesExhausted, i+1, err)
		}
		f.opt.Log.Warn("retrying", "file", name, "attempt", i+1, "in", delay, "err", err)
		if err := sleep(ctx, delay); err != nil {
			return total, fmt.Errorf("fetching %s: %w", name, err)
		}
		delay = min(2*delay, f.opt.MaxBackoff)
	}
}

// checkItem refuses an item whose digest or URL cannot be used.
func checkItem(it Item) error {
	if err := checkDigest(it.SHA256); err != nil {
		return err
	}
	for _, p := range []string{"http://", "https://", "file://"} {
		if strings.HasPrefix(it.URL, p) {
			return nil
		}
	}
	return fmt.Errorf("unsupported URL %q: want http://, https:// or file://", it.URL)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryError marks a failure worth another attempt.
type retryError struct{ err error }

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

func retry(format string, a ...any) error { return &retryError{fmt.Errorf(format, a...)} }

func retryable(err error) bool {
	var r *retryError
	return errors.As(err, &r)
}

// try makes one attempt: resume or start the download, verifying the
// bytes as they arrive, then commit. It returns the bytes received.
func (f *Fetcher) try(ctx context.Context, it Item) (int64, error) {
	part, off, err := f.cache.openPartial(it.SHA256)
	if err != nil {
		return 0, err
	}
	defer part.Close()
	if it.Size > 0 && off > it.Size {
		off = 0 // longer than the package: start again
	}
	if it.Size > 0 && off == it.Size { // complete but not committed when the last run stopped
		return 0, f.finish(it, part, verifyFile(part, it), true)
	}
	var v *streamVerifier
	n, err := f.download(ctx, it, part, off, func(start int64) (io.Writer, error) {
		v = startVerify(it)
		return v, v.prefix(part, start)
	})
	if err != nil {
		if v != nil {
			_ = v.abort(err) // the download failed: its verdict does not matter
		}
		return n, err
	}
	return n, f.finish(it, part, v.finish(), off > 0)
}

// finish keeps a verified partial download for the committers, or
// deletes a refused one. A resumed download that fails is retried from scratch, in
// case the part kept from an earlier run was the damaged one.
func (f *Fetcher) finish(it Item, part *os.File, verr error, resumed bool) error {
	if verr != nil {
		if rmErr := f.cache.removePartial(it.SHA256); rmErr != nil {
			return errors.Join(verr, rmErr)
		}
		if resumed {
			return &retryError{verr}
		}
		return verr
	}
	return nil
}

// download fetches the package from offset off into part and returns the
// bytes received. Once the response says where its body starts, sink (if
// set) returns a writer that receives the body too.
func (f *Fetcher) download(ctx context.Context, it Item, part *os.File, off int64, sink func(start int64) (io.Writer, error)) (int64, error) {
	var got int64
	ctx, body, stop := watch(ctx, f.opt.StallTimeout, func(n int64) { got += n; f.opt.Progress.Add(n) })
	defer stop()
	resp, err := f.get(ctx, it.URL, off)
	if err != nil {
		return 0, stallCause(ctx, err)
	}
	defer resp.Body.Close()
	start, err := resumeAt(resp, off)
	if err != nil {
		if resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
			err = errors.Join(err, part.Truncate(0))
		}
		return 0, err
	}
	if err := part.Truncate(start); err != nil {
		return 0, fmt.Errorf("truncating partial download: %w", err)
	}
	if _, err := part.Seek(start, io.SeekStart); err != nil {
		return 0, fmt.Errorf("seeking partial download: %w", err)
	}
	// Large writes cost fewer syscalls; what is buffered is flushed on
	// every exit, so a failed attempt still leaves it to resume from (a
	// kill -9 loses at most the buffer).
	fw := bufio.NewWriterSize(part, 256<<10)
	var w io.Writer = fw
	if sink != nil {
		tee, err := sink(start)
		if err != nil {
			return 0, err
		}
		w = io.MultiWriter(fw, tee)
	}
	n, err := io.CopyBuffer(w, body(resp.Body), make([]byte, 128<<10))
	if ferr := fw.Flush(); err == nil && ferr != nil {
		return got, fmt.Errorf("writing partial download: %w", ferr)
	}
	if err != nil {
		return got, stallCause(ctx, fmt.Errorf("reading body: %w", err))
	}
	return got, checkLength(resp, it, start+n, n)
}

// get sends a GET, with a Range header when resuming.
func (f *Fetcher) get(ctx context.Context, url string, off int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	if off > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(off, 10)+"-")
	}
	resp, err := f.opt.Client.Do(req)
	if err != nil {
		return nil, retry("requesting: %w", err)
	}
	return resp, nil
}

// stallCause turns an error caused by the stall watchdog into a retryable
// stall error; other network errors are retryable too.
func stallCause(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errStalled) {
		return retry("%w: %w", errStalled, err)
	}
	if retryable(err) {
		return err
	}
	return retry("%w", err)
}

// resumeAt checks the response status and returns the offset its body
// starts at: off for a 206 that honours the range, 0 for a full 200.
func resumeAt(resp *http.Response, off int64) (int64, error) {
	switch {
	case resp.StatusCode == http.StatusOK:
		return 0, nil
	case resp.StatusCode == http.StatusPartialContent:
		var s int64
		if _, err := fmt.Sscanf(resp.Header.Get("Content-Range"), "bytes %d-", &s); err != nil || s != off {
			return 0, retry("server answered range %d- with Content-Range %q", off, resp.Header.Get("Content-Range"))
		}
		return off, nil
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable:
		return 0, retry("server refused range %d-: %s; restarting", off, resp.Status)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout:
		return 0, retry("server error: %s", resp.Status)
	}
	return 0, fmt.Errorf("server answered %s", resp.Status)
}

// checkLength detects a body shorter than announced or than the package.
func checkLength(resp *http.Response, it Item, have, n int64) error {
	if resp.ContentLength >= 0 && n < resp.ContentLength {
		return retry("short body: %d of %d bytes", n, resp.ContentLength)
	}
	if it.Size > 0 && have < it.Size {
		return retry("short body: have %d of %d bytes", have, it.Size)
	}
	return nil
}

// FetchFile downloads url into dst (from its start), with the Fetcher's
// retries and timeouts but no verification: the caller checks the content
// (repodata files against the checksums repomd.xml records).
func (f *Fetcher) FetchFile(ctx context.Context, url string, dst *os.File) error {
	quiet := *f
	quiet.opt.Progress = nopProgress{}
	_, err := quiet.retrying(ctx, url, url, func() (int64, error) {
		return quiet.download(ctx, Item{URL: url}, dst, 0, nil)
	})
	return err
}
