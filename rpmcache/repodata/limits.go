package repodata

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
)

const (
	peekSize    = 256 << 10 // buffered read size; signature headers fit
	leadSize    = 96
	introSize   = 16
	maxTags     = 0xffff     // rpm's hdrchkTags
	maxDataSize = 0x0fffffff // rpm's hdrchkData
)

// checkHeaderSizes checks the lead and the sizes the signature and main
// headers declare, as rpm does, and that they fit in the file, before
// go-rpmutils allocates what they declare.
func checkHeaderSizes(r *bufio.Reader, size int64) error {
	b, err := r.Peek(leadSize + introSize)
	if err != nil {
		return fmt.Errorf("file too short for an RPM: %w", err)
	}
	if binary.BigEndian.Uint32(b) != 0xedabeedb {
		return errors.New("not an RPM (bad lead magic)")
	}
	sig, err := headerSize(b[leadSize:], size-leadSize, true)
	if err != nil {
		return fmt.Errorf("signature header: %w", err)
	}
	off := leadSize + sig
	if off+introSize > peekSize {
		return nil // unusually large signature; rpmutils still bounds-reads it
	}
	if b, err = r.Peek(int(off) + introSize); err != nil {
		return fmt.Errorf("file too short for its header: %w", err)
	}
	_, err = headerSize(b[off:], size-off, false)
	if err != nil {
		return fmt.Errorf("main header: %w", err)
	}
	return nil
}

// headerSize validates a header intro and returns the header's length.
func headerSize(intro []byte, room int64, padded bool) (int64, error) {
	if intro[0] != 0x8e || intro[1] != 0xad || intro[2] != 0xe8 {
		return 0, errors.New("bad header magic")
	}
	il := int64(binary.BigEndian.Uint32(intro[8:]))
	dl := int64(binary.BigEndian.Uint32(intro[12:]))
	if il > maxTags || dl > maxDataSize {
		return 0, fmt.Errorf("%d tags and %d data bytes exceed rpm's limits", il, dl)
	}
	if padded {
		dl = (dl + 7) / 8 * 8
	}
	n := introSize + il*16 + dl
	if n > room {
		return 0, fmt.Errorf("declares %d bytes, the file has %d left", n, room)
	}
	return n, nil
}
