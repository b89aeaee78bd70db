package iso

import (
	"bytes"
	"encoding/binary"
)

// header renders everything before the first file: system area, volume
// descriptors, path tables, directories and continuation areas.
func (img *image) header() []byte {
	end := img.ceLBA + sectorsFor(int64(len(img.ce)))
	h := make([]byte, int(end)*sectorSize)
	img.writePVD(h[16*sectorSize:])
	term := 17
	if img.boot != nil {
		writeBootRecord(h[17*sectorSize:], img.lbaOf[img.boot.catalog.data])
		term = 18
	}
	copy(h[term*sectorSize:], []byte{255, 'C', 'D', '0', '0', '1', 1})
	img.writePathTable(h[int(img.ptL)*sectorSize:], binary.LittleEndian)
	img.writePathTable(h[int(img.ptM)*sectorSize:], binary.BigEndian)
	for _, d := range img.dirs {
		img.writeDir(h[int(d.lba)*sectorSize:], d)
	}
	copy(h[int(img.ceLBA)*sectorSize:], img.ce)
	if img.boot != nil {
		writeMBR(h[:512], img)
	}
	return h
}

// appUseOffset is where the primary volume descriptor's application use
// area starts; checkisomd5 reads its media sum there.
const appUseOffset = 883

func (img *image) writePVD(b []byte) {
	copy(b, []byte{1, 'C', 'D', '0', '0', '1', 1})
	putText(b[8:40], "LINUX")
	putText(b[40:72], img.label)
	copy(b[80:], appendBoth32(nil, img.total))
	copy(b[120:], appendBoth16(nil, 1))
	copy(b[124:], appendBoth16(nil, 1))
	copy(b[128:], appendBoth16(nil, sectorSize))
	copy(b[132:], appendBoth32(nil, uint32(img.ptSize)))
	binary.LittleEndian.PutUint32(b[140:], img.ptL)
	binary.BigEndian.PutUint32(b[148:], img.ptM)
	root := dirEntry{target: img.root, ident: []byte{0}}
	img.putRecord(b[156:190], &root)
	for _, f := range [][2]int{{190, 318}, {318, 446}, {574, 702}, {702, 739}, {739, 776}, {776, 813}} {
		putText(b[f[0]:f[1]], "")
	}
	putText(b[446:574], "ROCKYISO")
	d := volDate(img.now)
	copy(b[813:], d)
	copy(b[830:], d)
	copy(b[847:], append(bytes.Repeat([]byte{'0'}, 16), 0))
	copy(b[864:], d)
	b[881] = 1
	putText(b[appUseOffset:appUseOffset+512], "")
}

func putText(b []byte, s string) {
	copy(b, bytes.Repeat([]byte{' '}, len(b)))
	copy(b, s)
}

func writeBootRecord(b []byte, catalog uint32) {
	copy(b, []byte{0, 'C', 'D', '0', '0', '1', 1})
	copy(b[7:], "EL TORITO SPECIFICATION")
	binary.LittleEndian.PutUint32(b[71:], catalog)
}

func (img *image) writePathTable(b []byte, order binary.ByteOrder) {
	pos := 0
	for _, d := range img.dirs {
		ident, parent := []byte(d.ident), 1
		if d.parent == nil {
			ident = []byte{0}
		} else {
			parent = d.parent.number
		}
		b[pos] = byte(len(ident))
		order.PutUint32(b[pos+2:], d.lba)
		order.PutUint16(b[pos+6:], uint16(parent))
		copy(b[pos+8:], ident)
		pos += pathRecordLen(d)
	}
}

// writeDir lays d's records into its sectors; none crosses a boundary.
func (img *image) writeDir(b []byte, d *node) {
	pos := 0
	for i := range d.entries {
		e := &d.entries[i]
		l := e.length()
		if pos%sectorSize+l > sectorSize {
			pos = (pos/sectorSize + 1) * sectorSize
		}
		img.putRecord(b[pos:pos+l], e)
		pos += l
	}
}

// putRecord serializes one directory record (ECMA-119 9.1).
func (img *image) putRecord(b []byte, e *dirEntry) {
	extent, size := img.extent(e.target)
	b[0] = byte(len(b))
	copy(b[2:], appendBoth32(nil, extent))
	copy(b[10:], appendBoth32(nil, size))
	d := dirDate(img.now)
	copy(b[18:], d[:])
	if e.target.isDir() {
		b[25] = flagDir
	}
	copy(b[28:], appendBoth16(nil, 1))
	b[32] = byte(len(e.ident))
	pos := 33 + copy(b[33:], e.ident)
	if len(e.ident)%2 == 0 {
		pos++
	}
	pos += copy(b[pos:], e.susp)
	if e.ce != nil {
		off := e.ceOff
		copy(b[pos:], suspCE(img.ceLBA+off/sectorSize, off%sectorSize, uint32(len(e.ce))))
	}
}
