package sig_test

import (
	"bytes"
	"crypto"
	"encoding/binary"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// addEntry appends a string entry outside the main header's immutable
// region, as tools that edit built packages do, and fixes the size the
// signature header records. Header-only digests and signatures, which
// cover the region, still hold; header+payload ones do not.
func addEntry(t *testing.T, pkg []byte) []byte {
	t.Helper()
	be := binary.BigEndian
	hs := headerStart(pkg)
	il, dl := be.Uint32(pkg[hs+8:]), be.Uint32(pkg[hs+12:])
	index, data := pkg[hs+16:hs+16+int(il)*16], pkg[hs+16+int(il)*16:hs+16+int(il)*16+int(dl)]
	var h bytes.Buffer
	h.Write(pkg[hs : hs+8])
	h.Write(be.AppendUint32(be.AppendUint32(nil, il+1), dl+2))
	h.Write(index)
	h.Write(be.AppendUint32(be.AppendUint32(be.AppendUint32(be.AppendUint32(nil, 5000), 6), dl), 1))
	h.Write(data)
	h.WriteString("x\x00")
	out := append(bytes.Clone(pkg[:hs]), h.Bytes()...)
	out = append(out, pkg[hs+16+int(il)*16+int(dl):]...)
	fixSize(t, out, 18)
	return out
}

// fixSize adds delta to the SIZE (1000) entry of the signature header.
func fixSize(t *testing.T, pkg []byte, delta uint32) {
	be := binary.BigEndian
	il := be.Uint32(pkg[96+8:])
	store := 96 + 16 + int(il)*16
	for i := range int(il) {
		e := pkg[96+16+i*16:]
		if be.Uint32(e) == 1000 {
			v := pkg[store+int(be.Uint32(e[8:])):]
			be.PutUint32(v, be.Uint32(v)+delta)
			return
		}
	}
	t.Fatal("no SIZE tag in the signature header")
}

// TestEntryOutsideRegion: a header with an entry outside its immutable
// region is refused as malformed, as rpm refuses it.
func TestEntryOutsideRegion(t *testing.T) {
	k, _ := throwaway(t)
	pkg := addEntry(t, build(t, k.V3(crypto.SHA256)))
	_, err := sig.Verify(bytes.NewReader(pkg), keyringOf(t, k))
	if !errors.Is(err, sig.ErrMalformed) || !strings.Contains(err.Error(), "immutable region") {
		t.Fatalf("err = %v; want the region refused", err)
	}
	rpmkeys := fixture.Tool(t, "rpmkeys")
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "p.rpm"), pkg, 0o644))
	out, rpmErr := exec.Command(rpmkeys, "--dbpath", dir, "-K", filepath.Join(dir, "p.rpm")).CombinedOutput()
	if rpmErr == nil || !strings.Contains(string(out), "region 63") {
		t.Errorf("rpmkeys -K accepts what sig.Verify refuses: %v\n%s", rpmErr, out)
	}
}
