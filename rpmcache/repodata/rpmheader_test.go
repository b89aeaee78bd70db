package repodata

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/rpmpack"
	rpmutils "github.com/sassoftware/go-rpmutils"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// sameHeader fails unless readRPMHeader, having accepted raw, reads every
// tag as go-rpmutils' ReadHeader does.
func sameHeader(t *testing.T, raw []byte) {
	t.Helper()
	got, err := readRPMHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return
	}
	want, err := readWithRPMUtils(raw)
	if err != nil {
		t.Fatalf("readRPMHeader accepted what go-rpmutils refuses: %v", err)
	}
	rng := want.GetRange()
	if got.start != int64(rng.Start) || got.end != int64(rng.End) {
		t.Errorf("header range [%d,%d), go-rpmutils [%d,%d)", got.start, got.end, rng.Start, rng.End)
	}
	gi, gerr := got.InstalledSize()
	wi, werr := want.InstalledSize()
	gp, gperr := got.PayloadSize()
	wp, wperr := want.PayloadSize()
	if gi != wi || (gerr == nil) != (werr == nil) || gp != wp || (gperr == nil) != (wperr == nil) {
		t.Errorf("sizes installed %d payload %d, go-rpmutils %d %d", gi, gp, wi, wp)
	}
	for _, e := range got.main.ents {
		sameTag(t, got, want, int(e.tag))
	}
}

func sameTag(t *testing.T, got *rpmHeader, want *rpmutils.RpmHeader, tag int) {
	t.Helper()
	if tag < 1000 || tag > 16384 {
		return // go-rpmutils reads these tags from the signature header
	}
	same := func(what string, g, w any, gerr, werr error) {
		if (gerr == nil) != (werr == nil) || (gerr == nil && !cmp.Equal(g, w)) {
			t.Errorf("tag %d %s: got %v (%v), go-rpmutils %v (%v)", tag, what, g, gerr, w, werr)
		}
	}
	gs, gerr := got.GetStrings(tag)
	ws, werr := want.GetStrings(tag)
	same("strings", gs, ws, gerr, werr)
	g64, gerr := got.GetUint64s(tag)
	w64, werr := want.GetUint64s(tag)
	same("uint64s", g64, w64, gerr, werr)
	g32, gerr := got.GetUint32s(tag)
	w32, werr := want.GetUint32s(tag)
	same("uint32s", g32, w32, gerr, werr)
	if got.HasTag(tag) != want.HasTag(tag) {
		t.Errorf("tag %d: HasTag differs", tag)
	}
}

func readWithRPMUtils(raw []byte) (h *rpmutils.RpmHeader, err error) {
	defer func() {
		if v := recover(); v != nil {
			h, err = nil, os.ErrInvalid
		}
	}()
	return rpmutils.ReadHeader(bytes.NewReader(raw))
}

func TestRPMHeaderMatchesRPMUtils(t *testing.T) {
	t.Run("generated", func(t *testing.T) { checkHeader(t, generatedRPM(t)) })
	t.Run("fixtures", func(t *testing.T) {
		names, _ := filepath.Glob(filepath.Join(fixture.Path(t, "el7/rpms"), "*.rpm"))
		if len(names) == 0 {
			t.Fatal("no fixture RPMs")
		}
		for _, n := range names {
			t.Run(filepath.Base(n), func(t *testing.T) {
				raw, err := os.ReadFile(n)
				if err != nil {
					t.Fatal(err)
				}
				checkHeader(t, raw)
			})
		}
	})
}

func checkHeader(t *testing.T, raw []byte) {
	t.Helper()
	if _, err := readRPMHeader(bufio.NewReader(bytes.NewReader(raw))); err != nil {
		t.Fatalf("reading the header: %v", err)
	}
	sameHeader(t, raw)
}

func generatedRPM(t *testing.T) []byte {
	t.Helper()
	r, err := rpmpack.NewRPM(rpmpack.RPMMetaData{Name: "gen", Version: "1.0", Release: "1", Arch: "x86_64", Summary: "s", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	r.AddFile(rpmpack.RPMFile{Name: "/usr/share/gen/a", Body: []byte("a"), Mode: 0o100644, Owner: "root", Group: "root"})
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// FuzzRPMHeader checks that whatever readRPMHeader accepts, go-rpmutils
// reads the same way.
func FuzzRPMHeader(f *testing.F) {
	if d := fixture.Dir(); d != "" {
		if b, err := os.ReadFile(filepath.Join(d, "el7", "rpms", "epel-release-7-5.noarch.rpm")); err == nil {
			f.Add(b[:min(len(b), 16<<10)])
		}
	}
	f.Add([]byte{0xed, 0xab, 0xee, 0xdb, 3, 0, 0, 1})
	f.Fuzz(func(t *testing.T, raw []byte) {
		sameHeader(t, raw)
	})
}
