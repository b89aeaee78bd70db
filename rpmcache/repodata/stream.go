package repodata

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// counter hashes and counts the bytes written through it.
type counter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newCounter(w io.Writer) *counter { return &counter{w: w, h: sha256.New()} }

func (c *counter) Write(p []byte) (int, error) {
	c.h.Write(p)
	c.n += int64(len(p))
	return c.w.Write(p)
}

func (c *counter) sum() repomd.Checksum {
	return repomd.Checksum{Type: "sha256", Value: hex.EncodeToString(c.h.Sum(nil))}
}

// output is one compressed metadata file being written into the temporary
// directory under a plain name; finish renames it to <sha256>-name as
// createrepo does and returns its repomd.xml record.
type output struct {
	typ, name, dir string
	f              *os.File
	comp, open     *counter
	zw             io.WriteCloser
	buf, fbuf      *bufio.Writer
}

func newOutput(dir, typ, name string, now time.Time) (*output, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", name, err)
	}
	o := &output{typ: typ, name: name, dir: dir, f: f, fbuf: bufio.NewWriterSize(f, 64<<10)}
	o.comp = newCounter(o.fbuf)
	if o.zw, err = compressor(o.comp, name, now); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("creating %s: %w", name, err)
	}
	o.open = newCounter(o.zw)
	o.buf = bufio.NewWriterSize(o.open, 256<<10)
	return o, nil
}

func compressor(w io.Writer, name string, now time.Time) (io.WriteCloser, error) {
	switch filepath.Ext(name) {
	case ".gz":
		zw := gzip.NewWriter(w)
		zw.ModTime = now
		return zw, nil
	case ".bz2":
		return &bz2Writer{w: w}, nil
	}
	return nopCloser{w}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func (o *output) Write(p []byte) (int, error) { return o.buf.Write(p) }

func (o *output) finish(now time.Time) (repomd.Record, error) {
	if err := o.buf.Flush(); err != nil {
		return repomd.Record{}, fmt.Errorf("writing %s: %w", o.name, err)
	}
	if err := o.zw.Close(); err != nil {
		return repomd.Record{}, fmt.Errorf("compressing %s: %w", o.name, err)
	}
	if err := o.fbuf.Flush(); err != nil {
		return repomd.Record{}, fmt.Errorf("writing %s: %w", o.name, err)
	}
	if err := o.f.Close(); err != nil {
		return repomd.Record{}, fmt.Errorf("closing %s: %w", o.name, err)
	}
	rec := repomd.Record{Type: o.typ, Checksum: o.comp.sum(), Size: o.comp.n, Timestamp: now.Unix()}
	if _, plain := o.zw.(nopCloser); !plain {
		rec.OpenChecksum, rec.OpenSize = o.open.sum(), o.open.n
	}
	final := rec.Checksum.Value + "-" + o.name
	rec.Location = "repodata/" + final
	if err := os.Rename(o.f.Name(), filepath.Join(o.dir, final)); err != nil {
		return repomd.Record{}, fmt.Errorf("naming %s: %w", final, err)
	}
	return rec, nil
}

func (o *output) abort() {
	_ = o.f.Close()
	_ = os.Remove(o.f.Name())
}

// compressFile writes src compressed to dir/name and returns its record;
// src is removed.
func compressFile(src, dir, typ, name string, now time.Time) (repomd.Record, error) {
	in, err := os.Open(src)
	if err != nil {
		return repomd.Record{}, fmt.Errorf("opening %s: %w", src, err)
	}
	defer in.Close()
	o, err := newOutput(dir, typ, name, now)
	if err != nil {
		return repomd.Record{}, err
	}
	if bz, ok := o.zw.(*bz2Writer); ok {
		if st, err := in.Stat(); err == nil {
			bz.buf.Grow(int(st.Size()))
		}
	}
	if _, err := io.Copy(o, in); err != nil {
		o.abort()
		return repomd.Record{}, fmt.Errorf("compressing %s: %w", src, err)
	}
	rec, err := o.finish(now)
	if err != nil {
		return rec, err
	}
	return rec, os.Remove(src)
}

// bz2Writer gathers a file and compresses it with parallelBzip2 on Close.
type bz2Writer struct {
	w   io.Writer
	buf bytes.Buffer
}

func (b *bz2Writer) Write(p []byte) (int, error) { return b.buf.Write(p) }

func (b *bz2Writer) Close() error {
	return parallelBzip2(b.w, b.buf.Bytes(), bzip2Level, runtime.GOMAXPROCS(0))
}

// bzip2Level is the block size of the sqlite .bz2 files in units of
// 100 kB. createrepo_c uses 5; measured side by side, the pure-Go encoder
// spends least CPU on the smallest blocks (large ones thrash the caches
// with their 8-byte suffix arrays), and the files come out about a tenth
// larger.
const bzip2Level = 1
