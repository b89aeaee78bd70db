package iso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/google/renameio/v2"
)

const chunkSize = 1 << 20

// chunk is a run of image bytes on its way to one or more outputs.
type chunk struct {
	b  []byte
	wg sync.WaitGroup
}

// output is one image being written: a pending file that replaces the
// destination atomically, a writer and a hasher goroutine.
type output struct {
	img  *image
	dest string
	f    *renameio.PendingFile
	sum  *mediaSum
	pos  int64
	wch  chan *chunk
	hch  chan *chunk
	done sync.WaitGroup
	err  error
}

func openOutput(img *image, dest string) (*output, error) {
	// 0600: a role ISO carries its hosts' node bundles, and so their
	// secrets; the operator decides who may read or copy it.
	f, err := renameio.NewPendingFile(dest, renameio.WithPermissions(0o600))
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", dest, err)
	}
	o := &output{img: img, dest: dest, f: f, sum: newMediaSum(img.total),
		wch: make(chan *chunk, 8), hch: make(chan *chunk, 8)}
	o.done.Add(2)
	go o.writeLoop(o.wch)
	go o.hashLoop(o.hch)
	return o, nil
}

func (o *output) writeLoop(ch <-chan *chunk) {
	defer o.done.Done()
	for c := range ch {
		if o.err == nil {
			if _, err := o.f.Write(c.b); err != nil {
				o.err = fmt.Errorf("writing %s: %w", o.dest, err)
			}
		}
		c.wg.Done()
	}
}

func (o *output) hashLoop(ch <-chan *chunk) {
	defer o.done.Done()
	for c := range ch {
		_, _ = o.sum.Write(c.b) // never fails
		c.wg.Done()
	}
}

// finish waits for the goroutines, implants the media sum and replaces the
// destination; abort removes the pending file instead.
func (o *output) finish() error {
	o.stop()
	if o.err != nil {
		return o.err
	}
	if _, err := o.f.WriteAt(o.sum.appData(), 16*sectorSize+appUseOffset); err != nil {
		return fmt.Errorf("implanting the media sum in %s: %w", o.dest, err)
	}
	if err := o.f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("replacing %s: %w", o.dest, err)
	}
	return nil
}

func (o *output) stop() {
	if o.wch != nil {
		close(o.wch)
		close(o.hch)
		o.wch, o.hch = nil, nil
		o.done.Wait()
	}
}

func (o *output) abort() {
	o.stop()
	_ = o.f.Cleanup()
}

// streamer feeds outputs from a small ring of reusable buffers.
type streamer struct {
	ctx  context.Context
	ring []*chunk
	next int
	zero []byte
}

func newStreamer(ctx context.Context) *streamer {
	s := &streamer{ctx: ctx, zero: make([]byte, chunkSize)}
	for range 8 {
		s.ring = append(s.ring, &chunk{b: make([]byte, chunkSize)})
	}
	return s
}

// send hands b to every output; b must not change until they are done.
func (s *streamer) send(outs []*output, b []byte) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	c := &chunk{b: b}
	s.deliver(outs, c)
	return nil
}

func (s *streamer) deliver(outs []*output, c *chunk) {
	c.wg.Add(2 * len(outs))
	for _, o := range outs {
		o.pos += int64(len(c.b))
		o.wch <- c
		o.hch <- c
	}
}

// sendBytes splits b into chunks.
func (s *streamer) sendBytes(outs []*output, b []byte) error {
	for len(b) > 0 {
		n := min(len(b), chunkSize)
		if err := s.send(outs, b[:n]); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

func (s *streamer) sendZeros(outs []*output, n int64) error {
	for n > 0 {
		k := min(n, chunkSize)
		if err := s.send(outs, s.zero[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// sendReader copies n bytes of r from off through the ring.
func (s *streamer) sendReader(outs []*output, r io.ReaderAt, off, n int64) error {
	for n > 0 {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		c := s.ring[s.next]
		s.next = (s.next + 1) % len(s.ring)
		c.wg.Wait()
		k := min(n, chunkSize)
		c.b = c.b[:k]
		got, err := r.ReadAt(c.b, off)
		if int64(got) < k {
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		s.deliver(outs, c)
		off, n = off+k, n-k
	}
	return nil
}

// sendContent streams c and pads it to a whole sector.
func (s *streamer) sendContent(outs []*output, c *content) error {
	for _, p := range c.parts {
		if err := s.sendPart(outs, p); err != nil {
			return err
		}
	}
	return s.sendZeros(outs, int64(sectorsFor(c.size))*sectorSize-c.size)
}

func (s *streamer) sendPart(outs []*output, p part) error {
	switch {
	case p.data != nil:
		return s.sendBytes(outs, p.data)
	case p.r != nil:
		return s.sendReader(outs, p.r, p.off, p.n)
	}
	f, err := os.Open(p.file)
	if err != nil {
		return fmt.Errorf("opening %s: %w", p.file, err)
	}
	defer f.Close()
	if err := s.sendReader(outs, f, p.off, p.n); err != nil {
		return fmt.Errorf("reading %s: %w", p.file, err)
	}
	return nil
}

// drain waits until every buffer of the ring is free again.
func (s *streamer) drain() {
	for _, c := range s.ring {
		c.wg.Wait()
	}
}
