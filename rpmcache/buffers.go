package rpmcache

import (
	"bufio"
	"io"
	"sync"
)

// Buffers reused from one download to the next: allocating them afresh
// costs 640 KiB per package that the garbage collector must clear and
// collect, on a machine whose CPU the hashes need.
var (
	writerPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 256<<10) }}
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 256<<10) }}
	copyPool   = sync.Pool{New: func() any { b := make([]byte, 128<<10); return &b }}
)

// getWriter returns a 256 KiB buffered writer to w; putWriter takes it back
// (after Flush).
func getWriter(w io.Writer) *bufio.Writer {
	bw := writerPool.Get().(*bufio.Writer)
	bw.Reset(w)
	return bw
}

func putWriter(bw *bufio.Writer) {
	bw.Reset(nil)
	writerPool.Put(bw)
}

// getReader returns a 256 KiB buffered reader of r; putReader takes it
// back.
func getReader(r io.Reader) *bufio.Reader {
	br := readerPool.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

func putReader(br *bufio.Reader) {
	br.Reset(nil)
	readerPool.Put(br)
}

// copyBuffered copies r to w through a pooled 128 KiB buffer.
func copyBuffered(w io.Writer, r io.Reader) (int64, error) {
	b := copyPool.Get().(*[]byte)
	defer copyPool.Put(b)
	return io.CopyBuffer(w, r, *b)
}
