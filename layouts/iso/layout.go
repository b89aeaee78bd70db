package iso

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// image is one ISO being laid out and written.
type image struct {
	label  string
	root   *node
	now    time.Time
	boot   *bootFiles // nil for images that do not boot
	mbr    []byte     // isohybrid MBR boot code (432 bytes), nil for none
	shared []*content // base contents every image of the run keeps, in base order

	dirs   []*node
	ce     []byte
	ceLBA  uint32
	ptSize int
	ptL    uint32
	ptM    uint32
	files  []*content
	lbaOf  map[*content]uint32
	total  uint32 // sectors
}

// dirEntry is one directory record before serialization.
type dirEntry struct {
	target *node
	ident  []byte
	susp   []byte
	ce     []byte // continuation payload, nil when the record holds it all
	ceOff  uint32 // byte offset of ce in the continuation area
}

// padSectors is the zero padding after the data, as mkisofs writes it, so
// the 15 sectors checkisomd5 skips hold no data.
const padSectors = 150

// layout names every node, sizes every directory and places everything.
func (img *image) layout() error {
	img.collectDirs()
	for _, d := range img.dirs {
		if err := img.buildEntries(d); err != nil {
			return err
		}
	}
	img.placeCE()
	img.place()
	return nil
}

// collectDirs numbers directories breadth first, children sorted by
// identifier, as the path table wants (ECMA-119 9.4).
func (img *image) collectDirs() {
	img.dirs = []*node{img.root}
	for i := 0; i < len(img.dirs); i++ {
		d := img.dirs[i]
		d.number = i + 1
		nameChildren(d)
		for _, c := range d.children {
			if c.isDir() {
				img.dirs = append(img.dirs, c)
			}
		}
	}
}

// nameChildren gives d's children unique ISO 9660 level 2 identifiers and
// sorts them by identifier.
func nameChildren(d *node) {
	slices.SortFunc(d.children, func(a, b *node) int { return strings.Compare(a.name, b.name) })
	used := map[string]bool{}
	for _, c := range d.children {
		c.ident = uniqueIdent(c, used)
	}
	slices.SortFunc(d.children, func(a, b *node) int { return strings.Compare(a.ident, b.ident) })
}

func uniqueIdent(n *node, used map[string]bool) string {
	base, ext := identParts(n.name, n.isDir())
	for i := 0; ; i++ {
		b := base
		if i > 0 {
			suffix := "_" + strconv.Itoa(i)
			b = base[:min(len(base), 30-len(ext)-len(suffix)-1)] + suffix
		}
		id := b
		if !n.isDir() {
			id = b + "." + ext + ";1"
		}
		if !used[id] {
			used[id] = true
			return id
		}
	}
}

// identParts maps a name to d-characters: at most 31 for a directory, 30
// for a file's name and extension together.
func identParts(name string, dir bool) (string, string) {
	up := dchars(strings.ToUpper(name))
	if dir {
		up = strings.ReplaceAll(up, ".", "_")
		return up[:min(len(up), 31)], ""
	}
	base, ext := up, ""
	if i := strings.LastIndexByte(up, '.'); i > 0 {
		base, ext = up[:i], up[i+1:]
	}
	base = strings.ReplaceAll(base, ".", "_")
	ext = ext[:min(len(ext), 8)]
	return base[:min(len(base), 29-len(ext))], ext
}

func dchars(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// buildEntries makes d's records: ".", "..", then its children.
func (img *image) buildEntries(d *node) error {
	parent := d.parent
	if parent == nil {
		parent = d
	}
	dot := dirEntry{target: d, ident: []byte{0}, susp: img.attrs(d)}
	if d.parent == nil {
		dot.susp = append(suspSP(), dot.susp...)
		dot.ce = suspER()
	}
	d.entries = []dirEntry{dot, {target: parent, ident: []byte{1}, susp: img.attrs(parent)}}
	for _, c := range d.children {
		e, err := img.childEntry(c)
		if err != nil {
			return err
		}
		d.entries = append(d.entries, e)
	}
	d.sectors = 0
	used := sectorSize
	for _, e := range d.entries {
		if l := e.length(); used+l > sectorSize {
			d.sectors, used = d.sectors+1, l
		} else {
			used += l
		}
	}
	return nil
}

func (img *image) childEntry(c *node) (dirEntry, error) {
	e := dirEntry{target: c, ident: []byte(c.ident), susp: img.attrs(c)}
	names := suspNM(c.name)
	if len(c.name) > 250 {
		return e, fmt.Errorf("naming %s: names longer than 250 bytes are not supported", c.pathOf())
	}
	if c.link != "" {
		sl := suspSL(c.link)
		if len(sl) > 255 {
			return e, fmt.Errorf("linking %s: symlink target too long", c.pathOf())
		}
		names = append(names, sl...)
	}
	if 34+len(e.ident)+len(e.susp)+len(names) <= 254 {
		e.susp = append(e.susp, names...)
	} else {
		e.ce = names
	}
	return e, nil
}

// attrs is the PX and TF entries for n.
func (img *image) attrs(n *node) []byte {
	mode, nlink := uint32(0o100000), uint32(1)
	switch {
	case n.isDir():
		mode, nlink = 0o040000, 2
	case n.link != "":
		mode = 0o120000
	}
	return append(suspPX(mode|uint32(n.mode.Perm()), nlink), suspTF(img.now)...)
}

// length is the record's size in bytes, even as ECMA-119 9.1 wants.
func (e *dirEntry) length() int {
	l := 33 + len(e.ident)
	if len(e.ident)%2 == 0 {
		l++
	}
	l += len(e.susp)
	if e.ce != nil {
		l += 28
	}
	return l + l%2
}

// placeCE packs continuation payloads, none crossing a sector boundary.
func (img *image) placeCE() {
	img.ce = nil
	for _, d := range img.dirs {
		for i := range d.entries {
			e := &d.entries[i]
			if e.ce == nil {
				continue
			}
			if room := sectorSize - len(img.ce)%sectorSize; len(e.ce) > room {
				img.ce = append(img.ce, make([]byte, room)...)
			}
			e.ceOff = uint32(len(img.ce))
			img.ce = append(img.ce, e.ce...)
		}
	}
}

func sectorsFor(n int64) uint32 { return uint32((n + sectorSize - 1) / sectorSize) }

// place gives every structure and file its first sector.
func (img *image) place() {
	lba := uint32(18)
	if img.boot != nil {
		lba = 19
	}
	img.ptSize = img.pathTableSize()
	img.ptL, img.ptM = lba, lba+sectorsFor(int64(img.ptSize))
	lba = img.ptM + sectorsFor(int64(img.ptSize))
	for _, d := range img.dirs {
		d.lba, lba = lba, lba+d.sectors
	}
	img.ceLBA, lba = lba, lba+sectorsFor(int64(len(img.ce)))
	img.lbaOf = map[*content]uint32{}
	img.files = nil
	for _, c := range img.shared {
		lba = img.placeFile(c, lba)
	}
	img.root.walk(func(n *node) {
		if n.data != nil {
			lba = img.placeFile(n.data, lba)
		}
	})
	img.total = lba + padSectors
}

func (img *image) placeFile(c *content, lba uint32) uint32 {
	if _, ok := img.lbaOf[c]; ok || c.size == 0 {
		return lba
	}
	img.lbaOf[c] = lba
	img.files = append(img.files, c)
	return lba + sectorsFor(c.size)
}

func (img *image) pathTableSize() int {
	n := 0
	for _, d := range img.dirs {
		n += pathRecordLen(d)
	}
	return n
}

func pathRecordLen(d *node) int {
	l := len(d.ident)
	if d.parent == nil {
		l = 1
	}
	return 8 + l + l%2
}

// extent is where a record's target lives and how long it is.
func (img *image) extent(n *node) (uint32, uint32) {
	switch {
	case n.isDir():
		return n.lba, n.sectors * sectorSize
	case n.data != nil && n.data.size > 0:
		return img.lbaOf[n.data], uint32(n.data.size)
	}
	return 0, 0
}
