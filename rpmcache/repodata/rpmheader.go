package repodata

import (
	"bufio"
	"bytes"
	"crypto/sha1" //nolint:gosec // rpm's legacy header digest, checked as go-rpmutils does
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"strings"

	rpmutils "github.com/sassoftware/go-rpmutils"
)

// RPM header data types (rpm's rpmTagType).
const (
	typeChar        = 1
	typeInt8        = 2
	typeInt16       = 3
	typeInt32       = 4
	typeInt64       = 5
	typeString      = 6
	typeBin         = 7
	typeStringArray = 8
	typeI18NString  = 9

	sigTagSHA1    = 269
	sigTagSHA256  = 273
	sigTagLongArc = 271 // uncompressed payload size, uint64
	sigTagArcSize = 1007
)

// rpmHeader is a package's signature and main header, decoded in place:
// the index entries point into each header's data store. It reads what
// go-rpmutils' ReadHeader reads, with the same results and the same
// header digest check, without its per-entry reflection.
type rpmHeader struct {
	sig, main  hdrStore
	start, end int64 // the header range: main header start and end
}

type hdrStore struct {
	ents   []hdrEntry
	data   []byte
	sorted bool // ents are in tag order, as rpm writes them
}

type hdrEntry struct {
	tag, typ, count uint32
	off, end        int
}

// readRPMHeader reads the lead, the signature header and the main header
// from r, which is left at the payload.
func readRPMHeader(r *bufio.Reader) (*rpmHeader, error) {
	lead, err := r.Peek(leadSize)
	if err != nil {
		return nil, fmt.Errorf("reading the RPM lead: %w", err)
	}
	if binary.BigEndian.Uint32(lead) != 0xedabeedb {
		return nil, errors.New("not an RPM (bad lead magic)")
	}
	_, _ = r.Discard(leadSize) // peeked: cannot fail
	h := &rpmHeader{start: leadSize}
	sigRaw, err := readStore(r, &h.sig, true)
	if err != nil {
		return nil, fmt.Errorf("reading the signature header: %w", err)
	}
	h.start += int64(len(sigRaw))
	mainRaw, err := readStore(r, &h.main, false)
	if err != nil {
		return nil, fmt.Errorf("reading the main header: %w", err)
	}
	h.end = h.start + int64(len(mainRaw))
	if err := h.checkDigest(mainRaw); err != nil {
		return nil, err
	}
	return h, nil
}

// readStore reads one header (intro, index, data) into s and returns its
// raw bytes; the signature header's data is padded to 8 bytes.
func readStore(r *bufio.Reader, s *hdrStore, padded bool) ([]byte, error) {
	intro, err := r.Peek(introSize)
	if err != nil {
		return nil, err
	}
	il, dl, err := introCounts(intro)
	if err != nil {
		return nil, err
	}
	if padded {
		dl = (dl + 7) / 8 * 8
	}
	raw := make([]byte, introSize+il*16+dl)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, err
	}
	s.data = raw[introSize+il*16:]
	s.ents = make([]hdrEntry, il)
	s.sorted = true
	for i := range s.ents {
		if s.ents[i], err = s.entry(raw[introSize+i*16:]); err != nil {
			return nil, err
		}
		s.sorted = s.sorted && (i == 0 || s.ents[i-1].tag <= s.ents[i].tag)
	}
	return raw, nil
}

func introCounts(intro []byte) (il, dl int, err error) {
	if binary.BigEndian.Uint32(intro) != 0x8eade801 {
		return 0, 0, errors.New("bad header magic")
	}
	il64 := int64(binary.BigEndian.Uint32(intro[8:]))
	dl64 := int64(binary.BigEndian.Uint32(intro[12:]))
	if il64 > maxTags || dl64 > maxDataSize {
		return 0, 0, fmt.Errorf("%d tags and %d data bytes exceed rpm's limits", il64, dl64)
	}
	return int(il64), int(dl64), nil
}

// entry decodes one index entry and finds where its data ends.
func (s *hdrStore) entry(b []byte) (hdrEntry, error) {
	e := hdrEntry{tag: binary.BigEndian.Uint32(b), typ: binary.BigEndian.Uint32(b[4:]), count: binary.BigEndian.Uint32(b[12:])}
	off := int64(int32(binary.BigEndian.Uint32(b[8:])))
	if off < 0 || off > int64(len(s.data)) {
		return e, fmt.Errorf("tag %d: data offset %d out of the header", e.tag, off)
	}
	e.off = int(off)
	if size := typeSize(e.typ); size >= 0 {
		end := off + int64(size)*int64(e.count)
		if end > int64(len(s.data)) {
			return e, fmt.Errorf("tag %d: %d values overrun the header", e.tag, e.count)
		}
		e.end = int(end)
		return e, nil
	}
	end := e.off
	for i := uint32(0); i < e.count; i++ {
		n := bytes.IndexByte(s.data[end:], 0)
		if n < 0 {
			return e, fmt.Errorf("tag %d is truncated", e.tag)
		}
		end += n + 1
	}
	e.end = end
	return e, nil
}

// typeSize is the size of one value of a fixed-size type; -1 for strings
// (and unknown types, which go-rpmutils also reads as strings).
func typeSize(typ uint32) int {
	switch typ {
	case 0:
		return 0
	case typeChar, typeInt8, typeBin:
		return 1
	case typeInt16:
		return 2
	case typeInt32:
		return 4
	case typeInt64:
		return 8
	}
	return -1
}

// checkDigest compares the main header with the signature header's
// SHA256 (else SHA1) digest, when there is one.
func (h *rpmHeader) checkDigest(raw []byte) error {
	var sum hash.Hash
	want := firstString(&h.sig, sigTagSHA256)
	if want != "" {
		sum = sha256.New()
	} else if want = firstString(&h.sig, sigTagSHA1); want != "" {
		sum = sha1.New() //nolint:gosec // see import
	}
	if len(want) <= 1 {
		return nil
	}
	sum.Write(raw)
	if hex.EncodeToString(sum.Sum(nil)) != want {
		return errors.New("header digest mismatch in the signature header")
	}
	return nil
}

func firstString(s *hdrStore, tag uint32) string {
	v, err := s.strings(tag)
	if err != nil || len(v) == 0 {
		return ""
	}
	return v[0]
}

// find returns the last entry for tag, as go-rpmutils' map keeps it.
func (s *hdrStore) find(tag uint32) (hdrEntry, bool) {
	if s.sorted {
		i := sort.Search(len(s.ents), func(i int) bool { return s.ents[i].tag > tag }) - 1
		if i >= 0 && s.ents[i].tag == tag {
			return s.ents[i], true
		}
		return hdrEntry{}, false
	}
	for i := len(s.ents) - 1; i >= 0; i-- {
		if s.ents[i].tag == tag {
			return s.ents[i], true
		}
	}
	return hdrEntry{}, false
}

func (s *hdrStore) strings(tag uint32) ([]string, error) {
	e, ok := s.find(tag)
	if !ok {
		return nil, rpmutils.NewNoSuchTagError(int(tag))
	}
	if e.typ != typeString && e.typ != typeStringArray && e.typ != typeI18NString {
		return nil, fmt.Errorf("tag %d is not a string", tag)
	}
	all := string(s.data[e.off:e.end])
	out := make([]string, e.count)
	for i := range out {
		n := strings.IndexByte(all, 0) // entry() found count NULs
		out[i], all = all[:n], all[n+1:]
	}
	return out, nil
}

// uint64s reads any integer type widened to uint64.
func (s *hdrStore) uint64s(tag uint32) ([]uint64, error) {
	e, ok := s.find(tag)
	if !ok {
		return nil, rpmutils.NewNoSuchTagError(int(tag))
	}
	if e.typ < typeChar || e.typ > typeInt64 {
		return nil, fmt.Errorf("tag %d isn't an int type", tag)
	}
	b := s.data[e.off:e.end]
	out := make([]uint64, e.count)
	for i := range out {
		switch e.typ {
		case typeChar, typeInt8:
			out[i] = uint64(b[i])
		case typeInt16:
			out[i] = uint64(binary.BigEndian.Uint16(b[2*i:]))
		case typeInt32:
			out[i] = uint64(binary.BigEndian.Uint32(b[4*i:]))
		default:
			out[i] = binary.BigEndian.Uint64(b[8*i:])
		}
	}
	return out, nil
}

// GetStrings, GetUint32s, GetUint64s and HasTag read the main header,
// like go-rpmutils' methods of the same names.
func (h *rpmHeader) GetStrings(tag int) ([]string, error) { return h.main.strings(uint32(tag)) }

func (h *rpmHeader) GetUint64s(tag int) ([]uint64, error) { return h.main.uint64s(uint32(tag)) }

func (h *rpmHeader) HasTag(tag int) bool {
	_, ok := h.main.find(uint32(tag))
	return ok
}

func (h *rpmHeader) GetUint32s(tag int) ([]uint32, error) {
	if e, ok := h.main.find(uint32(tag)); ok && e.typ == typeInt64 {
		return nil, fmt.Errorf("tag %d is too big for int type", tag)
	}
	v, err := h.GetUint64s(tag)
	if err != nil {
		return nil, err
	}
	out := make([]uint32, len(v))
	for i, x := range v {
		out[i] = uint32(x)
	}
	return out, nil
}

// InstalledSize is LONGSIZE, else SIZE; -1 when neither holds one value.
func (h *rpmHeader) InstalledSize() (int64, error) {
	return single(&h.main, rpmutils.LONGSIZE, rpmutils.SIZE)
}

// PayloadSize is the signature header's LONGARCHIVESIZE if present, else
// its PAYLOADSIZE; -1 unless that holds one value.
func (h *rpmHeader) PayloadSize() (int64, error) {
	tag := uint32(sigTagArcSize)
	if _, ok := h.sig.find(sigTagLongArc); ok {
		tag = sigTagLongArc
	}
	v, err := h.sig.uint64s(tag)
	if err != nil {
		return -1, err
	}
	if len(v) != 1 {
		return -1, errors.New("incorrect number of values")
	}
	return int64(v[0]), nil
}

// single reads the one value of long, else of short (go-rpmutils'
// GetUint64Fallback).
func single(s *hdrStore, long, short uint32) (int64, error) {
	if v, err := s.uint64s(long); err == nil && len(v) == 1 {
		return int64(v[0]), nil
	}
	v, err := s.uint64s(short)
	if err != nil {
		return -1, err
	}
	if len(v) != 1 {
		return -1, errors.New("incorrect number of values")
	}
	return int64(v[0]), nil
}
