package iso

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

const sectorSize = 2048

// Limits that keep a damaged or hostile base image from exhausting memory.
const (
	maxDepth     = 64
	maxEntries   = 1 << 20
	maxDirBytes  = 16 << 20
	maxCEHops    = 32
	maxVDSectors = 64
)

// base is a parsed base image: its tree with contents pointing back into it.
type base struct {
	r       io.ReaderAt
	label   string
	system  []byte // the 32 KiB system area (sectors 0-15)
	catalog uint32 // El Torito boot catalog LBA, 0 when none
	root    *node
}

// readBase parses the ISO 9660 image r, with Rock Ridge names, modes and
// links when present (ECMA-119, SUSP 1.12, RRIP 1.12). Joliet is ignored.
func readBase(r io.ReaderAt) (*base, error) {
	b := &base{r: r, system: make([]byte, 16*sectorSize)}
	if _, err := r.ReadAt(b.system, 0); err != nil {
		return nil, fmt.Errorf("reading the system area: %w", err)
	}
	pvd, err := b.readDescriptors()
	if err != nil {
		return nil, err
	}
	b.label = strings.TrimRight(string(pvd[40:72]), " \x00")
	rd := &dirReader{r: r, seen: map[uint32]bool{}}
	rootRec, err := parseRecord(pvd[156:190])
	if err != nil {
		return nil, fmt.Errorf("reading the root directory record: %w", err)
	}
	if err := rd.detectRR(rootRec); err != nil {
		return nil, err
	}
	b.root = &node{mode: fs.ModeDir | 0o555}
	if err := rd.readDir(b.root, rootRec.extent, rootRec.size, 0); err != nil {
		return nil, err
	}
	return b, nil
}

// readDescriptors returns the primary volume descriptor and notes the boot
// catalog of an El Torito boot record.
func (b *base) readDescriptors() ([]byte, error) {
	var pvd []byte
	for i := int64(16); i < 16+maxVDSectors; i++ {
		s := make([]byte, sectorSize)
		if _, err := b.r.ReadAt(s, i*sectorSize); err != nil {
			return nil, fmt.Errorf("reading volume descriptor %d: %w", i, err)
		}
		if string(s[1:6]) != "CD001" {
			return nil, fmt.Errorf("reading volume descriptor %d: %w", i, ErrNotISO)
		}
		switch s[0] {
		case 0:
			if bytes.HasPrefix(s[7:], []byte("EL TORITO SPECIFICATION")) {
				b.catalog = binary.LittleEndian.Uint32(s[71:])
			}
		case 1:
			pvd = s
		case 255:
			if pvd == nil {
				return nil, fmt.Errorf("reading volume descriptors: no primary volume descriptor: %w", ErrNotISO)
			}
			return pvd, nil
		}
	}
	return nil, fmt.Errorf("reading volume descriptors: no set terminator: %w", ErrNotISO)
}

// record is one parsed directory record.
type record struct {
	extent uint32
	size   uint32
	flags  byte
	ident  []byte
	susp   []byte
	length int
}

const (
	flagDir        = 0x02
	flagMultiExtnt = 0x80
)

func parseRecord(b []byte) (*record, error) {
	if len(b) < 34 || int(b[0]) > len(b) || b[0] < 34 {
		return nil, errors.New("directory record too short")
	}
	l := int(b[0])
	idLen := int(b[32])
	if 33+idLen > l {
		return nil, errors.New("directory record identifier overruns the record")
	}
	start := 33 + idLen
	if idLen%2 == 0 {
		start++
	}
	rec := &record{
		extent: binary.LittleEndian.Uint32(b[2:]),
		size:   binary.LittleEndian.Uint32(b[10:]),
		flags:  b[25],
		ident:  b[33 : 33+idLen],
		length: l,
	}
	if start < l {
		rec.susp = b[start:l]
	}
	return rec, nil
}

// dirReader walks directories, remembering the Rock Ridge state.
type dirReader struct {
	r       io.ReaderAt
	rr      bool
	skip    int
	entries int
	seen    map[uint32]bool
}

// detectRR reads the root's "." record for the SUSP SP entry.
func (d *dirReader) detectRR(root *record) error {
	first := make([]byte, sectorSize)
	if _, err := d.r.ReadAt(first, int64(root.extent)*sectorSize); err != nil {
		return fmt.Errorf("reading the root directory: %w", err)
	}
	dot, err := parseRecord(first)
	if err != nil {
		return fmt.Errorf("reading the root directory's first record: %w", err)
	}
	if len(dot.susp) >= 7 && string(dot.susp[:2]) == "SP" && dot.susp[4] == 0xBE && dot.susp[5] == 0xEF {
		d.rr, d.skip = true, int(dot.susp[6])
	}
	return nil
}

func (d *dirReader) readDir(dir *node, extent, size uint32, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("reading %s: directories nested deeper than %d", dir.pathOf(), maxDepth)
	}
	if size > maxDirBytes || d.seen[extent] {
		return fmt.Errorf("reading %s: directory extent %d is too large or loops", dir.pathOf(), extent)
	}
	d.seen[extent] = true
	buf := make([]byte, size)
	if _, err := d.r.ReadAt(buf, int64(extent)*sectorSize); err != nil {
		return fmt.Errorf("reading directory %s: %w", dir.pathOf(), err)
	}
	for pos := 0; pos < len(buf); {
		if buf[pos] == 0 {
			pos = (pos/sectorSize + 1) * sectorSize
			continue
		}
		rec, err := parseRecord(buf[pos:])
		if err != nil {
			return fmt.Errorf("reading directory %s at byte %d: %w", dir.pathOf(), pos, err)
		}
		pos += rec.length
		if err := d.addEntry(dir, rec, depth); err != nil {
			return err
		}
	}
	return nil
}

func (d *dirReader) addEntry(dir *node, rec *record, depth int) error {
	if len(rec.ident) == 1 && rec.ident[0] <= 1 {
		return nil // "." and ".."
	}
	if d.entries++; d.entries > maxEntries {
		return fmt.Errorf("reading %s: more than %d entries", dir.pathOf(), maxEntries)
	}
	rr, err := d.rockRidge(rec)
	if err != nil {
		return fmt.Errorf("reading Rock Ridge entries in %s: %w", dir.pathOf(), err)
	}
	if rr.relocated {
		return nil
	}
	n := &node{name: rr.name, parent: dir}
	if n.name == "" {
		n.name = plainName(rec.ident, rec.flags&flagDir != 0)
	}
	if strings.ContainsAny(n.name, "/\x00") || n.name == "." || n.name == ".." {
		return fmt.Errorf("reading %s: bad name %q", dir.pathOf(), n.name)
	}
	dir.children = append(dir.children, n)
	return d.fill(n, rec, rr, depth)
}

func (d *dirReader) fill(n *node, rec *record, rr rrInfo, depth int) error {
	switch {
	case rr.link != "" || rr.mode&0o170000 == 0o120000:
		n.mode, n.link = fs.ModeSymlink|0o777, rr.link
		return nil
	case rec.flags&flagDir != 0 || rr.childLink != 0:
		n.mode = fs.ModeDir | modeOr(rr, 0o555)
		extent, size := rec.extent, rec.size
		if rr.childLink != 0 {
			extent, size = rr.childLink, sectorSize
		}
		return d.readDir(n, extent, size, depth+1)
	case rec.flags&flagMultiExtnt != 0:
		return fmt.Errorf("reading %s: multi-extent file: %w", n.pathOf(), ErrTooLarge)
	}
	n.mode = modeOr(rr, 0o444)
	n.data = &content{}
	n.data.add(part{r: d.r, off: int64(rec.extent) * sectorSize, n: int64(rec.size)})
	return nil
}

func modeOr(rr rrInfo, def fs.FileMode) fs.FileMode {
	if rr.hasMode {
		return fs.FileMode(rr.mode & 0o777)
	}
	return def
}

// plainName turns an ISO 9660 identifier into a file name when the image
// has no Rock Ridge: the version and a trailing dot go.
func plainName(ident []byte, dir bool) string {
	s := string(ident)
	if !dir {
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = s[:i]
		}
		s = strings.TrimSuffix(s, ".")
	}
	return s
}
