package iso

import (
	"bytes"
	"crypto/md5" //nolint:gosec // checkisomd5 verifies MD5; it is a media check, not security
	"encoding/hex"
	"fmt"
	"hash"
)

// The media check isomd5sum's checkisomd5 runs: an MD5 of the image with
// the application use area blanked and the last skipSectors left out, plus
// fragment sums taken every 1/(fragmentCount+1) of the way, each at the
// end of a 32 KiB read (libimplantisomd5.c).
const (
	skipSectors   = 15
	fragmentCount = 20
	fragmentChars = 60
	sumBlock      = 16 * sectorSize
	appUseSize    = 512
)

type mediaSum struct {
	h     hash.Hash
	limit int64
	off   int64
	frags []byte
	prev  int64
}

func newMediaSum(totalSectors uint32) *mediaSum {
	return &mediaSum{h: md5.New(), //nolint:gosec // the media check format is MD5
		limit: (int64(totalSectors) - skipSectors) * sectorSize,
		frags: bytes.Repeat([]byte{'0'}, fragmentChars)}
}

// Write hashes p, which continues the image from where the last call
// stopped. The application use area must be blank (spaces) in p.
func (m *mediaSum) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && m.off < m.limit {
		k := min(int64(len(p)), m.limit-m.off, sumBlock-m.off%sumBlock)
		m.h.Write(p[:k])
		m.off += k
		p = p[k:]
		if m.off%sumBlock == 0 || m.off == m.limit {
			m.blockDone((m.off - 1) / sumBlock * sumBlock)
		}
	}
	return n, nil
}

func (m *mediaSum) blockDone(start int64) {
	frag := start * (fragmentCount + 1) / m.limit
	if frag == m.prev {
		return
	}
	m.prev = frag
	if frag > fragmentCount {
		return
	}
	// checkisomd5 compares fragment frag at (frag-1)*3 even when small
	// images skip fragments, so sums go by index, not one after another.
	d := m.h.Sum(nil)
	per := fragmentChars / fragmentCount
	for i := range per {
		m.frags[int(frag-1)*per+i] = fmt.Sprintf("%x", d[i])[0]
	}
}

// appData is the 512-byte text implantisomd5 writes into the primary
// volume descriptor.
func (m *mediaSum) appData() []byte {
	s := fmt.Sprintf("ISO MD5SUM = %s;SKIPSECTORS = %d;RHLISOSTATUS=1;FRAGMENT SUMS = %s;FRAGMENT COUNT = %d;THIS IS NOT THE SAME AS RUNNING MD5SUM ON THIS ISO!!",
		hex.EncodeToString(m.h.Sum(nil)), skipSectors, m.frags, fragmentCount)
	b := []byte(s)
	for len(b) < appUseSize {
		b = append(b, ' ')
	}
	return b[:appUseSize]
}
