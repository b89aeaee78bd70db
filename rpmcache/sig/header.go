// Package sig verifies the digests and OpenPGP signatures that an RPM
// package carries in its signature header, against pinned public keys.
//
// It follows the RPM file format (lead, signature header, header, payload)
// as described in rpm's doc/manual/format.md and the LSB "Package File
// Format", and OpenPGP signature packets as in RFC 4880 section 5.2: both
// version 3 packets (what CentOS 7 signs with, which ProtonMail/go-crypto
// no longer parses, so they are decoded here) and version 4 packets
// (decoded and checked with go-crypto).
package sig

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Signature header tags (rpm's rpmtag.h, RPMSIGTAG_*).
const (
	tagImmutable = 63   // the main header's immutable region (RPMTAG_HEADERIMMUTABLE)
	tagDSAHeader = 267  // OpenPGP DSA signature of the header
	tagRSAHeader = 268  // OpenPGP RSA signature of the header
	tagSHA1      = 269  // hex SHA-1 of the header
	tagLongSize  = 270  // size of header+payload (64 bit)
	tagSHA256    = 273  // hex SHA-256 of the header
	tagSize      = 1000 // size of header+payload
	tagPGP       = 1002 // OpenPGP RSA signature of header+payload
	tagMD5       = 1004 // MD5 of header+payload
	tagGPG       = 1005 // OpenPGP DSA signature of header+payload
)

// Header entry types (rpm's rpmTagType).
const (
	typeInt32  = 4
	typeInt64  = 5
	typeString = 6
	typeBin    = 7
)

const (
	leadSize    = 96
	introSize   = 16
	entrySize   = 16
	maxEntries  = 0xffff
	maxSigData  = 64 << 20
	maxHdrData  = 256 << 20
	headerMagic = 0x8eade801
)

var leadMagic = [4]byte{0xed, 0xab, 0xee, 0xdb}

// ErrMalformed reports a file that is not a well-formed RPM package.
var ErrMalformed = errors.New("sig: malformed rpm")

// entry is one index entry of a header, with its data slice resolved.
type entry struct {
	tag, typ uint32
	count    uint32
	data     []byte // from the entry's offset to the end of the data store
}

// sigHeader is the parsed signature header: its entries by tag.
type sigHeader map[uint32]entry

// readLead reads and checks the 96-byte lead.
func readLead(r io.Reader) error {
	var lead [leadSize]byte
	if _, err := io.ReadFull(r, lead[:]); err != nil {
		return fmt.Errorf("%w: reading lead: %w", ErrMalformed, err)
	}
	if [4]byte(lead[:4]) != leadMagic {
		return fmt.Errorf("%w: bad lead magic %x", ErrMalformed, lead[:4])
	}
	return nil
}

// intro is the 16-byte start of a header structure.
type intro struct {
	nindex, hsize uint32
}

// size returns the length in bytes of the whole header structure.
func (in intro) size() int64 {
	return introSize + int64(in.nindex)*entrySize + int64(in.hsize)
}

// parseIntro checks the magic of a header intro and bounds its sizes.
func parseIntro(b []byte, maxData uint32) (intro, error) {
	if binary.BigEndian.Uint32(b[0:4]) != headerMagic {
		return intro{}, fmt.Errorf("%w: bad header magic %x", ErrMalformed, b[0:4])
	}
	in := intro{binary.BigEndian.Uint32(b[8:12]), binary.BigEndian.Uint32(b[12:16])}
	if in.nindex > maxEntries || in.hsize > maxData {
		return intro{}, fmt.Errorf("%w: header too large (%d entries, %d bytes)", ErrMalformed, in.nindex, in.hsize)
	}
	return in, nil
}

// readSigHeader reads the signature header and the padding after it.
func readSigHeader(r io.Reader) (sigHeader, error) {
	var ib [introSize]byte
	if _, err := io.ReadFull(r, ib[:]); err != nil {
		return nil, fmt.Errorf("%w: reading signature header: %w", ErrMalformed, err)
	}
	in, err := parseIntro(ib[:], maxSigData)
	if err != nil {
		return nil, err
	}
	pad := (8 - in.hsize%8) % 8
	body, err := readBody(r, in.size()-introSize+int64(pad))
	if err != nil {
		return nil, fmt.Errorf("%w: reading signature header: %w", ErrMalformed, err)
	}
	return parseEntries(body[:len(body)-int(pad)], in)
}

// parseEntries resolves the index entries of a header body (index followed
// by data store) into a map by tag.
func parseEntries(body []byte, in intro) (sigHeader, error) {
	index, store := body[:in.nindex*entrySize], body[in.nindex*entrySize:]
	h := make(sigHeader, in.nindex)
	for i := uint32(0); i < in.nindex; i++ {
		e := index[i*entrySize : (i+1)*entrySize]
		off := binary.BigEndian.Uint32(e[8:12])
		if off > uint32(len(store)) {
			return nil, fmt.Errorf("%w: entry %d offset %d beyond data (%d bytes)", ErrMalformed, i, off, len(store))
		}
		tag := binary.BigEndian.Uint32(e[0:4])
		h[tag] = entry{tag: tag, typ: binary.BigEndian.Uint32(e[4:8]), count: binary.BigEndian.Uint32(e[12:16]), data: store[off:]}
	}
	return h, nil
}

// bin returns a BIN entry's bytes, or nil when tag is absent.
func (h sigHeader) bin(tag uint32) ([]byte, error) {
	e, ok := h[tag]
	if !ok {
		return nil, nil
	}
	if e.typ != typeBin || e.count == 0 || uint64(e.count) > uint64(len(e.data)) {
		return nil, fmt.Errorf("%w: signature tag %d: bad binary entry", ErrMalformed, tag)
	}
	return e.data[:e.count], nil
}

// str returns a STRING entry's value, or "" when tag is absent.
func (h sigHeader) str(tag uint32) (string, error) {
	e, ok := h[tag]
	if !ok {
		return "", nil
	}
	for i, c := range e.data {
		if c == 0 && e.typ == typeString {
			return string(e.data[:i]), nil
		}
	}
	return "", fmt.Errorf("%w: signature tag %d: bad string entry", ErrMalformed, tag)
}

// size returns the header+payload size the signature header records, or
// -1 when it records none.
func (h sigHeader) size() (int64, error) {
	if e, ok := h[tagLongSize]; ok {
		if e.typ != typeInt64 || len(e.data) < 8 {
			return 0, fmt.Errorf("%w: bad LONGSIZE entry", ErrMalformed)
		}
		return int64(binary.BigEndian.Uint64(e.data)), nil
	}
	if e, ok := h[tagSize]; ok {
		if e.typ != typeInt32 || len(e.data) < 4 {
			return 0, fmt.Errorf("%w: bad SIZE entry", ErrMalformed)
		}
		return int64(binary.BigEndian.Uint32(e.data)), nil
	}
	return -1, nil
}
