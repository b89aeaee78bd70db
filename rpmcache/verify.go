package rpmcache

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// verify reads a whole package from r and checks its sha256 and size
// against the repository metadata and its signature against the
// repository's keys.
func verify(r io.Reader, it Item) error {
	h := sha256.New()
	cr := &countReader{r: io.TeeReader(r, h)}
	kr := it.Keys
	if kr == nil {
		kr = sig.NewKeyring()
	}
	if it.NoSig {
		kr = nil
	}
	_, sigErr := sig.Verify(cr, kr)
	if _, err := io.Copy(io.Discard, cr); err != nil { // the rest, for the sha256
		return fmt.Errorf("reading download: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != it.SHA256 || (it.Size > 0 && cr.n != it.Size) {
		return fmt.Errorf("%w: sha256 %s and size %d, repository metadata says %s and %d", ErrRefused, got, cr.n, it.SHA256, it.Size)
	}
	if sigErr != nil {
		return fmt.Errorf("%w: %w", ErrRefused, sigErr)
	}
	return nil
}

// verifyFile verifies a package on disk.
func verifyFile(f *os.File, it Item) error {
	return verify(bufio.NewReaderSize(io.NewSectionReader(f, 0, 1<<62), 256<<10), it)
}

// streamVerifier verifies a package while it downloads: the bytes written
// to it go through a pipe to verify, running in its own goroutine, so the
// file is never read back.
type streamVerifier struct {
	pw   *io.PipeWriter
	done chan error
}

func startVerify(it Item) *streamVerifier {
	pr, pw := io.Pipe()
	v := &streamVerifier{pw: pw, done: make(chan error, 1)}
	go func() {
		err := verify(bufio.NewReaderSize(pr, 256<<10), it)
		_ = pr.CloseWithError(err) // verify reads to the end; this only unblocks a writer after a read error
		v.done <- err
	}()
	return v
}

func (v *streamVerifier) Write(p []byte) (int, error) { return v.pw.Write(p) }

// prefix feeds the first n bytes of a resumed download from disk.
func (v *streamVerifier) prefix(part *os.File, n int64) error {
	if _, err := io.Copy(v, io.NewSectionReader(part, 0, n)); err != nil {
		return fmt.Errorf("reading partial download: %w", err)
	}
	return nil
}

// finish ends the stream and returns the verdict.
func (v *streamVerifier) finish() error {
	_ = v.pw.Close()
	return <-v.done
}

// abort ends a stream whose download failed and returns the verdict,
// which is moot.
func (v *streamVerifier) abort(err error) error {
	_ = v.pw.CloseWithError(err)
	return <-v.done
}

// countReader counts the bytes read through it.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
