package repodata

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/dsnet/compress/bzip2"
)

// bzip2 stream constants (the format of bzip2 1.0 / libbz2).
const (
	bzBlockMagic = 0x314159265359
	bzEndMagic   = 0x177245385090
	bzBlockSize  = 100000
)

// parallelBzip2 writes src as one ordinary bzip2 stream (single stream,
// as EL7 yum's Python bz2 module needs) whose blocks are compressed
// concurrently: each chunk, small enough to stay one block after bzip2's
// first run-length pass, is compressed alone and its block's bits are
// spliced into the stream, with the combined CRC recomputed. The output
// depends only on src and level.
func parallelBzip2(w io.Writer, src []byte, level, workers int) error {
	chunk := level * bzBlockSize * 4 / 5 // RLE1 grows data by at most 5/4
	n := (len(src) + chunk - 1) / chunk
	if n <= 1 {
		return serialBzip2(w, src, level)
	}
	blocks := make([][]byte, n)
	errs := make([]error, n)
	sem := make(chan struct{}, max(workers, 1))
	var wg sync.WaitGroup
	for i := range blocks {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			blocks[i], errs[i] = compressChunk(src[i*chunk:min(len(src), (i+1)*chunk)], level)
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return splice(w, blocks, level)
}

// bzWriters recycles encoders per level: each holds buffers of several
// times its block size, costlier to allocate and clear than to reset.
var bzWriters [bzip2.BestCompression + 1]sync.Pool

func serialBzip2(w io.Writer, src []byte, level int) error {
	if level < bzip2.BestSpeed || level > bzip2.BestCompression {
		return fmt.Errorf("bzip2 level %d out of 1-9", level)
	}
	zw, _ := bzWriters[level].Get().(*bzip2.Writer)
	if zw == nil {
		var err error
		if zw, err = bzip2.NewWriter(w, &bzip2.WriterConfig{Level: level}); err != nil {
			return err
		}
	} else if err := zw.Reset(w); err != nil {
		return err
	}
	defer bzWriters[level].Put(zw)
	if _, err := zw.Write(src); err != nil {
		return err
	}
	return zw.Close()
}

func compressChunk(src []byte, level int) ([]byte, error) {
	var b bytes.Buffer
	if err := serialBzip2(&b, src, level); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// blockBits finds the single block of a one-block bzip2 stream: it starts
// at bit 32, after "BZh<level>", and ends where the 80-bit stream footer
// starts, before 0 to 7 padding bits. It returns the end bit and the
// block CRC.
func blockBits(s []byte) (end int, crc uint32, err error) {
	if len(s) < 4+10+10 || getBits(s, 32, 48) != bzBlockMagic {
		return 0, 0, errors.New("bzip2 chunk has no block")
	}
	crc = uint32(getBits(s, 80, 32))
	for pad := 0; pad < 8; pad++ {
		end = len(s)*8 - pad - 80
		if getBits(s, end, 48) == bzEndMagic && uint32(getBits(s, end+48, 32)) == crc {
			return end, crc, nil
		}
	}
	return 0, 0, fmt.Errorf("bzip2 chunk of %d bytes: footer not found", len(s))
}

// getBits reads n ≤ 56 bits at bit offset pos, big-endian.
func getBits(s []byte, pos, n int) uint64 {
	var buf [8]byte
	copy(buf[:], s[pos/8:])
	v := binary.BigEndian.Uint64(buf[:])
	return v << (pos % 8) >> (64 - n)
}

func splice(w io.Writer, blocks [][]byte, level int) error {
	total := 0
	for _, b := range blocks {
		total += len(b)
	}
	bw := &bitWriter{out: make([]byte, 0, total+16)}
	bw.write(uint64('B')<<24|uint64('Z')<<16|uint64('h')<<8|uint64('0'+level), 32)
	var combined uint32
	for _, b := range blocks {
		end, crc, err := blockBits(b)
		if err != nil {
			return err
		}
		bw.copyBits(b, 32, end)
		combined = (combined<<1 | combined>>31) ^ crc
	}
	bw.write(bzEndMagic, 48)
	bw.write(uint64(combined), 32)
	bw.pad()
	_, err := w.Write(bw.out)
	return err
}

// bitWriter appends bits most significant first.
type bitWriter struct {
	out   []byte
	acc   uint64
	nbits int
}

func (b *bitWriter) write(v uint64, n int) {
	for n > 0 {
		k := min(n, 8)
		b.acc = b.acc<<k | (v>>(n-k))&(1<<k-1)
		b.nbits += k
		n -= k
		for b.nbits >= 8 {
			b.out = append(b.out, byte(b.acc>>(b.nbits-8)))
			b.nbits -= 8
		}
	}
}

// writeByte appends 8 bits: the nbits pending bits stay the low bits of
// acc, above which nothing is read again.
func (b *bitWriter) writeByte(v byte) {
	b.acc = b.acc<<8 | uint64(v)
	b.out = append(b.out, byte(b.acc>>b.nbits))
}

// copyBits appends bits [from, to) of s; from is byte aligned.
func (b *bitWriter) copyBits(s []byte, from, to int) {
	i := from / 8
	if b.nbits == 0 {
		b.out = append(b.out, s[i:to/8]...)
		i = to / 8
	}
	for ; (i+1)*8 <= to; i++ {
		b.writeByte(s[i])
	}
	if rest := to - i*8; rest > 0 {
		b.write(uint64(s[i])>>(8-rest), rest)
	}
}

func (b *bitWriter) pad() {
	if b.nbits > 0 {
		b.write(0, 8-b.nbits)
	}
}
