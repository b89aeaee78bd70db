package repodata

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// item is one package ready for the writers: its entry and the three
// rendered XML chunks.
type item struct {
	pkg    *repomd.Package
	chunks chunks
	reused bool
	err    error
}

// build reads the packages with a worker pool and streams them, in
// order, to the three XML files and the three databases, each written by
// its own goroutine.
func build(ctx context.Context, tmp string, rpms []rpmFile, prev *previous, opt Options) (*Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	eo := &errOnce{cancel: cancel}
	sinks, err := openSinks(tmp, len(rpms), opt.Now)
	if err != nil {
		return nil, err
	}
	var old map[string]*repomd.Package
	if prev != nil {
		old = prev.byHref
	}
	items := produce(ctx, rpms, old, opt)
	res := &Result{Packages: len(rpms)}
	sinks.run(eo)
	var batch []item
	for it := range items {
		if it.err != nil {
			eo.set(it.err)
			go drain(items) // let the producers finish and exit
			break
		}
		if it.reused {
			res.Reused++
		}
		if batch = append(batch, it); len(batch) == sinkBatch {
			sinks.send(ctx, batch)
			batch = nil
		}
	}
	sinks.send(ctx, batch)
	sinks.close()
	sinks.wg.Wait()
	opt.Log.Debug("packages read and written", "packages", len(rpms), "reused", res.Reused)
	if eo.get() == nil {
		eo.set(ctx.Err())
	}
	if err := eo.get(); err != nil {
		sinks.abort()
		return nil, err
	}
	md, err := sinks.finish(tmp, prev, opt)
	if err != nil {
		return nil, err
	}
	res.Repomd = md
	return res, nil
}

// produce reads packages on opt.Workers goroutines and returns them in
// rpms order; at most a few windows of packages are held at once. The
// workers live for the whole run, so their stacks grow only once.
func produce(ctx context.Context, rpms []rpmFile, old map[string]*repomd.Package, opt Options) <-chan item {
	out := make(chan item, opt.Workers)
	slots := make([]chan item, len(rpms))
	for i := range slots {
		slots[i] = make(chan item, 1)
	}
	window := make(chan struct{}, 4*opt.Workers)
	jobs := make(chan int)
	for w := 0; w < opt.Workers; w++ {
		go func() {
			for i := range jobs {
				slots[i] <- readItem(rpms[i], old, opt)
			}
		}()
	}
	go feed(ctx, jobs, window, slots)
	go func() {
		defer close(out)
		for i := range rpms {
			it := <-slots[i]
			<-window
			out <- it
			if it.err != nil {
				return
			}
		}
	}()
	return out
}

// feed hands the package indexes to the workers, a window at a time; on
// cancellation the next slot gets the error and feeding stops.
func feed(ctx context.Context, jobs chan<- int, window chan struct{}, slots []chan item) {
	defer close(jobs)
	for i := range slots {
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
			slots[i] <- item{err: ctx.Err()}
			return
		}
		jobs <- i
	}
}

func drain(items <-chan item) {
	for range items { //nolint:revive // discarding is the point
	}
}

func readItem(f rpmFile, old map[string]*repomd.Package, opt Options) item {
	mtime := clamp(f.mtime, opt.Now)
	if p, ok := old[f.href]; ok && p.SizePackage == f.size && p.TimeFile == mtime {
		return item{pkg: p, chunks: render(p), reused: true}
	}
	p, err := readRPM(f, opt.ChangelogLimit)
	if err != nil {
		return item{err: err}
	}
	p.TimeFile = mtime
	return item{pkg: p, chunks: render(p)}
}

func clamp(t, now time.Time) int64 {
	if t.After(now) {
		return now.Unix()
	}
	return t.Unix()
}

// readRPM reads one package file in a single pass: the header for its
// entry, the whole file for its sha256.
func readRPM(f rpmFile, changelogLimit int) (p *repomd.Package, err error) {
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", f.path, err)
	}
	defer fh.Close()
	h := sha256.New()
	r := readers.Get().(*bufio.Reader)
	defer readers.Put(r)
	r.Reset(io.TeeReader(fh, h))
	p, err = parseRPM(r, f.size, changelogLimit)
	if err != nil {
		return nil, fmt.Errorf("reading the header of %s: %w", f.path, err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("reading %s: %w", f.path, err)
	}
	p.Checksum = repomd.Checksum{Type: "sha256", Value: hex.EncodeToString(h.Sum(nil))}
	p.Location, p.SizePackage = f.href, f.size
	return p, nil
}

// readers recycles the header read buffers: allocating and clearing
// peekSize bytes per package cost more than reading a small package.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, peekSize) }}

// parseRPM reads an RPM's header and converts it; a panic on a malformed
// header becomes an error.
func parseRPM(r *bufio.Reader, size int64, changelogLimit int) (p *repomd.Package, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("malformed RPM header: %v", v)
		}
	}()
	if err := checkHeaderSizes(r, size); err != nil {
		return nil, err
	}
	hdr, err := readRPMHeader(r)
	if err != nil {
		return nil, err
	}
	return fromHeader(hdr, changelogLimit)
}

// sinks are the six metadata writers.
type sinks struct {
	xml [3]*output
	dbs [3]*db
	raw [3]string
	chs [6]chan []item
	wg  sync.WaitGroup
}

// sinkBatch packages go to the writers at a time: one hand-over per
// package and writer cost more CPU than the smaller writers' work.
const sinkBatch = 32

var (
	xmlTypes = [3]string{"primary", "filelists", "other"}
	xmlHeads = [3]func(int) string{primaryHead, filelistsHead, otherHead}
	xmlTails = [3]string{"</metadata>\n", "</filelists>\n", "</otherdata>\n"}
)

func openSinks(tmp string, n int, now time.Time) (*sinks, error) {
	s := &sinks{}
	for i, typ := range xmlTypes {
		o, err := newOutput(tmp, typ, typ+".xml.gz", now)
		if err != nil {
			s.abort()
			return nil, err
		}
		s.xml[i] = o
		if _, err := io.WriteString(o, xmlHeads[i](n)); err != nil {
			s.abort()
			return nil, err
		}
	}
	schemas := [3][]string{primarySchema, filelistsSchema, otherSchema}
	indexes := [3][]string{primaryIndexes, filelistsIndexes, otherIndexes}
	inserts := [3]map[string]string{primaryInserts, filelistsInserts, otherInserts}
	for i, typ := range xmlTypes {
		s.raw[i] = filepath.Join(tmp, typ+".sqlite")
		d, err := openDB(s.raw[i], schemas[i], indexes[i], inserts[i])
		if err != nil {
			s.abort()
			return nil, err
		}
		s.dbs[i] = d
	}
	return s, nil
}

func (s *sinks) run(eo *errOnce) {
	for i := range s.chs {
		s.chs[i] = make(chan []item, 4)
		s.wg.Add(1)
		go func(i int) {
			defer s.wg.Done()
			for batch := range s.chs[i] {
				for _, it := range batch {
					if eo.get() == nil {
						eo.set(s.write(i, it))
					}
				}
			}
		}(i)
	}
}

func (s *sinks) write(i int, it item) error {
	var err error
	switch i {
	case 0:
		_, err = s.xml[0].Write(it.chunks.primary)
	case 1:
		_, err = s.xml[1].Write(it.chunks.filelists)
	case 2:
		_, err = s.xml[2].Write(it.chunks.other)
	case 3:
		err = s.dbs[0].addPrimary(it.pkg)
	case 4:
		err = s.dbs[1].addFilelist(it.pkg)
	case 5:
		err = s.dbs[2].addOther(it.pkg)
	}
	if err != nil {
		return fmt.Errorf("writing %s of %s: %w", [6]string{"primary", "filelists", "other", "primary.sqlite", "filelists.sqlite", "other.sqlite"}[i], it.pkg.Location, err)
	}
	return nil
}

func (s *sinks) send(ctx context.Context, batch []item) {
	if len(batch) == 0 {
		return
	}
	for _, ch := range s.chs {
		select {
		case ch <- batch:
		case <-ctx.Done():
			return
		}
	}
}

func (s *sinks) close() {
	for _, ch := range s.chs {
		close(ch)
	}
}

func (s *sinks) abort() {
	for _, o := range s.xml {
		if o != nil {
			o.abort()
		}
	}
	for _, d := range s.dbs {
		if d != nil {
			d.close()
		}
	}
}
