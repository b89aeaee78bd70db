package rpmcache

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// digest is a running sha256 and byte count of a package.
type digest struct {
	h hash.Hash
	n int64
}

func newDigest() *digest { return &digest{h: sha256.New()} }

func (d *digest) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return d.h.Write(p)
}

// verdict refuses a package whose sha256 or size differ from the
// metadata's, else one whose signature check failed.
func (d *digest) verdict(it Item, sigErr error) error {
	if got := hex.EncodeToString(d.h.Sum(nil)); got != it.SHA256 || (it.Size > 0 && d.n != it.Size) {
		return fmt.Errorf("%w: sha256 %s and size %d, repository metadata says %s and %d", ErrRefused, got, d.n, it.SHA256, it.Size)
	}
	if sigErr != nil {
		return fmt.Errorf("%w: %w", ErrRefused, sigErr)
	}
	return nil
}

// checkSig reads a whole package and checks its signature header against
// the repository's keys (digests only when the repository opted out).
func checkSig(r io.Reader, it Item) error {
	kr := it.Keys
	if kr == nil {
		kr = sig.NewKeyring()
	}
	if it.NoSig {
		kr = nil
	}
	_, sigErr := sig.Verify(r, kr)
	if _, err := io.Copy(io.Discard, r); err != nil { // the rest, for the sha256
		return fmt.Errorf("reading download: %w", err)
	}
	return sigErr
}

// verifyFile verifies a package on disk: its sha256 and size against the
// repository metadata, its signature against the repository's keys.
func verifyFile(f *os.File, it Item) error {
	d := newDigest()
	r := io.TeeReader(bufio.NewReaderSize(io.NewSectionReader(f, 0, 1<<62), 256<<10), d)
	return d.verdict(it, checkSig(r, it))
}

// streamVerifier verifies a package while it downloads, so the file is
// never read back: the writer's goroutine keeps the sha256 while the bytes
// go through a pipe to the signature check in a goroutine of its own, so
// the two hashes run side by side.
type streamVerifier struct {
	it   Item
	d    *digest
	pw   *io.PipeWriter
	done chan error
}

func startVerify(it Item) *streamVerifier {
	pr, pw := io.Pipe()
	v := &streamVerifier{it: it, d: newDigest(), pw: pw, done: make(chan error, 1)}
	go func() {
		err := checkSig(bufio.NewReaderSize(pr, 256<<10), it)
		_ = pr.CloseWithError(err) // checkSig reads to the end; this only unblocks a writer after a read error
		v.done <- err
	}()
	return v
}

func (v *streamVerifier) Write(p []byte) (int, error) {
	if _, err := v.pw.Write(p); err != nil {
		return 0, err
	}
	return v.d.Write(p)
}

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
	return v.d.verdict(v.it, <-v.done)
}

// abort ends a stream whose download failed and returns the verdict,
// which is moot.
func (v *streamVerifier) abort(err error) error {
	_ = v.pw.CloseWithError(err)
	return <-v.done
}
