package repodata

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// compressDB compresses a finished database, unless an Update's previous
// repodata holds the same database (same uncompressed sha256), whose
// compressed file is then reused: bzip2 is the costliest step of an
// update that changed nothing.
func compressDB(raw, tmp, typ string, prev *previous, now time.Time) (repomd.Record, error) {
	name := strings.TrimSuffix(typ, "_db") + ".sqlite.bz2"
	if rec, ok, err := reuseDB(raw, tmp, typ, prev, now); ok || err != nil {
		return rec, err
	}
	return compressFile(raw, tmp, typ, name, now)
}

func reuseDB(raw, tmp, typ string, prev *previous, now time.Time) (repomd.Record, bool, error) {
	if prev == nil {
		return repomd.Record{}, false, nil
	}
	old, ok := prev.md.Record(typ)
	if !ok || old.OpenChecksum.Type != "sha256" || !strings.HasSuffix(old.Location, ".sqlite.bz2") {
		return repomd.Record{}, false, nil
	}
	sum, err := fileSHA256(raw)
	if err != nil || sum != old.OpenChecksum.Value {
		return repomd.Record{}, false, err
	}
	src := filepath.Join(prev.dir, filepath.FromSlash(old.Location))
	if got, err := fileSHA256(src); err != nil || got != old.Checksum.Value || old.Checksum.Type != "sha256" {
		return repomd.Record{}, false, nil //nolint:nilerr // a missing or damaged old file is recompressed
	}
	if err := linkOrCopy(src, filepath.Join(tmp, path.Base(old.Location))); err != nil {
		return repomd.Record{}, false, nil //nolint:nilerr // an unusable old file is recompressed
	}
	old.Timestamp = now.Unix()
	return old, true, os.Remove(raw)
}

func fileSHA256(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("opening %s: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// linkOrCopy hard-links src to dst, or copies it across file systems.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close())
	}
	return out.Close()
}
