package repomd

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"crypto/md5"  //nolint:gosec // md5 and sha1 only verify old repositories' digests
	"crypto/sha1" //nolint:gosec // see above
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/ulikunitz/xz"
)

// ErrChecksum is wrapped by errors for metadata whose size or digest does
// not match its repomd.xml record.
var ErrChecksum = errors.New("repomd: checksum mismatch")

// NewHash returns a hash for a checksum type as repomd.xml names it.
func NewHash(typ string) (hash.Hash, error) {
	switch typ {
	case "sha256":
		return sha256.New(), nil
	case "sha", "sha1":
		return sha1.New(), nil //nolint:gosec // verifying legacy digests
	case "sha224":
		return sha256.New224(), nil
	case "sha384":
		return sha512.New384(), nil
	case "sha512":
		return sha512.New(), nil
	case "md5":
		return md5.New(), nil //nolint:gosec // verifying legacy digests
	}
	return nil, fmt.Errorf("unknown checksum type %q", typ)
}

func checkDigest(c Checksum) error {
	h, err := NewHash(c.Type)
	if err != nil {
		return err
	}
	if len(c.Value) != 2*h.Size() {
		return fmt.Errorf("%s digest %q has the wrong length", c.Type, c.Value)
	}
	if _, err := hex.DecodeString(c.Value); err != nil {
		return fmt.Errorf("%s digest %q is not hex", c.Type, c.Value)
	}
	return nil
}

// Open returns the decompressed content of the record's file read from r,
// checking the compressed bytes against Checksum and Size and the
// decompressed bytes against OpenChecksum and OpenSize. A mismatch is
// reported, wrapping ErrChecksum, by the Read that reaches the end of the
// data or by Close, which reads what the caller left: a caller that gets
// no error from both has verified data.
func (rec Record) Open(r io.Reader) (io.ReadCloser, error) {
	outer, err := newVerifier(r, rec.Checksum, rec.Size, rec.Location)
	if err != nil {
		return nil, err
	}
	dec, err := Decompress(outer)
	if err != nil {
		return nil, fmt.Errorf("decompressing %s: %w", rec.Location, err)
	}
	v := &verifyingReader{outer: outer, dec: dec}
	if rec.OpenChecksum.Value != "" {
		v.inner, err = newVerifier(dec, rec.OpenChecksum, rec.OpenSize, rec.Location+" (uncompressed)")
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

type verifyingReader struct {
	outer *verifier
	inner *verifier
	dec   io.Reader
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	src := v.dec
	if v.inner != nil {
		src = v.inner
	}
	n, err := src.Read(p)
	if errors.Is(err, io.EOF) {
		if cerr := v.finish(); cerr != nil {
			return n, cerr
		}
	}
	return n, err
}

// finish drains the compressed stream (trailing bytes count) and checks
// the outer digest.
func (v *verifyingReader) finish() error {
	if _, err := io.Copy(io.Discard, v.outer); err != nil {
		return err
	}
	return v.outer.check()
}

func (v *verifyingReader) Close() error {
	src := v.dec
	if v.inner != nil {
		src = v.inner
	}
	if _, err := io.Copy(io.Discard, src); err != nil {
		// Undecompressable data: the compressed digest says why.
		if ferr := v.finish(); ferr != nil {
			return ferr
		}
		return err
	}
	if v.inner != nil {
		if err := v.inner.check(); err != nil {
			return err
		}
	}
	return v.finish()
}

// verifier hashes and counts what passes through it and, at EOF, compares
// with the expected digest and size (size 0 means unknown).
type verifier struct {
	r     io.Reader
	h     hash.Hash
	want  Checksum
	size  int64
	n     int64
	name  string
	ended bool
}

func newVerifier(r io.Reader, want Checksum, size int64, name string) (*verifier, error) {
	h, err := NewHash(want.Type)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrMetadata, name, err)
	}
	return &verifier{r: r, h: h, want: want, size: size, name: name}, nil
}

func (v *verifier) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if v.size > 0 && v.n > v.size {
		return n, fmt.Errorf("%w: %s is longer than its %d bytes", ErrChecksum, v.name, v.size)
	}
	if errors.Is(err, io.EOF) {
		v.ended = true
		if cerr := v.check(); cerr != nil {
			return n, cerr
		}
	}
	return n, err
}

func (v *verifier) check() error {
	if v.size > 0 && v.n != v.size {
		return fmt.Errorf("%w: %s has %d bytes, repomd.xml says %d", ErrChecksum, v.name, v.n, v.size)
	}
	got := hex.EncodeToString(v.h.Sum(nil))
	if !strings.EqualFold(got, v.want.Value) {
		return fmt.Errorf("%w: %s has %s %s, repomd.xml says %s", ErrChecksum, v.name, v.want.Type, got, v.want.Value)
	}
	return nil
}

// Decompress detects gzip, bzip2 and xz by their magic bytes and returns
// the decompressed stream; anything else is returned as it is.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(6)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		return gzip.NewReader(br)
	case bytes.HasPrefix(magic, []byte("BZh")):
		return bzip2.NewReader(br), nil
	case bytes.HasPrefix(magic, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return xz.NewReader(br)
	}
	return br, nil
}

func trimSpace(s string) string { return strings.TrimSpace(s) }
