package iso

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// fatFS edits files in a FAT12/16/32 image held in memory (Microsoft
// FAT32 File System Specification 1.03): enough to replace grub.cfg inside
// efiboot.img without mounting it.
type fatFS struct {
	b        []byte
	bps      int // bytes per sector
	spc      int // sectors per cluster
	fatOff   int
	fatSize  int // bytes of one FAT
	nfats    int
	rootOff  int // FAT12/16 fixed root directory
	rootSize int
	dataOff  int
	clusters uint32
	bits     int // 12, 16 or 32
	rootClus uint32
}

var errFAT = errors.New("not a FAT file system")

func openFAT(b []byte) (*fatFS, error) {
	if len(b) < 512 || b[510] != 0x55 || b[511] != 0xAA {
		return nil, errFAT
	}
	f := &fatFS{b: b, bps: int(binary.LittleEndian.Uint16(b[11:])), spc: int(b[13]), nfats: int(b[16])}
	reserved := int(binary.LittleEndian.Uint16(b[14:]))
	rootEnts := int(binary.LittleEndian.Uint16(b[17:]))
	total := int(binary.LittleEndian.Uint16(b[19:]))
	if total == 0 {
		total = int(binary.LittleEndian.Uint32(b[32:]))
	}
	fatSecs := int(binary.LittleEndian.Uint16(b[22:]))
	if fatSecs == 0 {
		fatSecs = int(binary.LittleEndian.Uint32(b[36:]))
	}
	if f.bps < 512 || f.bps > 4096 || f.bps&(f.bps-1) != 0 || f.spc == 0 || f.nfats == 0 || fatSecs == 0 {
		return nil, fmt.Errorf("bad BIOS parameter block: %w", errFAT)
	}
	f.fatOff, f.fatSize = reserved*f.bps, fatSecs*f.bps
	f.rootOff = f.fatOff + f.nfats*f.fatSize
	f.rootSize = (rootEnts*32 + f.bps - 1) / f.bps * f.bps
	f.dataOff = f.rootOff + f.rootSize
	if total*f.bps > len(b) || f.dataOff >= total*f.bps {
		return nil, fmt.Errorf("file system larger than its image: %w", errFAT)
	}
	f.clusters = uint32((total*f.bps - f.dataOff) / (f.spc * f.bps))
	f.setBits(b)
	return f, nil
}

func (f *fatFS) setBits(b []byte) {
	switch {
	case f.clusters < 4085:
		f.bits = 12
	case f.clusters < 65525:
		f.bits = 16
	default:
		f.bits = 32
		f.rootClus = binary.LittleEndian.Uint32(b[44:])
	}
	if maxClus := uint32(f.fatSize * 8 / f.bits); f.clusters+2 > maxClus {
		f.clusters = max(maxClus, 2) - 2
	}
}

func (f *fatFS) clusterSize() int { return f.spc * f.bps }

func (f *fatFS) clusterOff(c uint32) int { return f.dataOff + int(c-2)*f.clusterSize() }

func (f *fatFS) get(c uint32) uint32 {
	switch f.bits {
	case 12:
		v := uint32(binary.LittleEndian.Uint16(f.b[f.fatOff+int(c+c/2):]))
		if c&1 == 1 {
			return v >> 4
		}
		return v & 0xFFF
	case 16:
		return uint32(binary.LittleEndian.Uint16(f.b[f.fatOff+int(c*2):]))
	}
	return binary.LittleEndian.Uint32(f.b[f.fatOff+int(c*4):]) & 0x0FFFFFFF
}

func (f *fatFS) set(c, v uint32) {
	for i := range f.nfats {
		off := f.fatOff + i*f.fatSize
		switch f.bits {
		case 12:
			p := f.b[off+int(c+c/2):]
			old := binary.LittleEndian.Uint16(p)
			if c&1 == 1 {
				binary.LittleEndian.PutUint16(p, old&0x000F|uint16(v)<<4)
			} else {
				binary.LittleEndian.PutUint16(p, old&0xF000|uint16(v&0xFFF))
			}
		case 16:
			binary.LittleEndian.PutUint16(f.b[off+int(c*2):], uint16(v))
		default:
			binary.LittleEndian.PutUint32(f.b[off+int(c*4):], v&0x0FFFFFFF)
		}
	}
}

func (f *fatFS) isEnd(v uint32) bool {
	limit := uint32(0x0FFFFFF8)
	switch f.bits {
	case 12:
		limit = 0xFF8
	case 16:
		limit = 0xFFF8
	}
	return v < 2 || v >= limit
}

// chain lists the clusters from c on.
func (f *fatFS) chain(c uint32) ([]uint32, error) {
	var out []uint32
	for !f.isEnd(c) {
		if c >= f.clusters+2 || len(out) > int(f.clusters) {
			return nil, fmt.Errorf("cluster chain is broken at %d: %w", c, errFAT)
		}
		out = append(out, c)
		c = f.get(c)
	}
	return out, nil
}

// dirArea returns the bytes of a directory's entries.
func (f *fatFS) dirArea(first uint32) ([][]byte, error) {
	if first == 0 && f.bits != 32 {
		return [][]byte{f.b[f.rootOff : f.rootOff+f.rootSize]}, nil
	}
	if first == 0 {
		first = f.rootClus
	}
	cs, err := f.chain(first)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for _, c := range cs {
		out = append(out, f.b[f.clusterOff(c):f.clusterOff(c)+f.clusterSize()])
	}
	return out, nil
}

// find returns the 32-byte directory entry at path p (8.3 names).
func (f *fatFS) find(p string) ([]byte, error) {
	var ent []byte
	dir := uint32(0)
	for _, elem := range splitPath(p) {
		areas, err := f.dirArea(dir)
		if err != nil {
			return nil, err
		}
		if ent = lookupShort(areas, elem); ent == nil {
			return nil, fmt.Errorf("finding %s in the FAT image: %w", p, errNotFound)
		}
		dir = f.firstCluster(ent)
	}
	if ent == nil {
		return nil, fmt.Errorf("finding %q in the FAT image: %w", p, errNotFound)
	}
	return ent, nil
}

var errNotFound = errors.New("no such file")

func lookupShort(areas [][]byte, name string) []byte {
	for _, a := range areas {
		for i := 0; i+32 <= len(a); i += 32 {
			e := a[i : i+32]
			switch {
			case e[0] == 0:
				return nil
			case e[0] == 0xE5 || e[11]&0x0F == 0x0F || e[11]&0x08 != 0:
				continue
			}
			if strings.EqualFold(shortName(e), name) {
				return e
			}
		}
	}
	return nil
}

func shortName(e []byte) string {
	base := strings.TrimRight(string(e[0:8]), " ")
	ext := strings.TrimRight(string(e[8:11]), " ")
	if ext == "" {
		return base
	}
	return base + "." + ext
}

func (f *fatFS) firstCluster(e []byte) uint32 {
	c := uint32(binary.LittleEndian.Uint16(e[26:]))
	if f.bits == 32 {
		c |= uint32(binary.LittleEndian.Uint16(e[20:])) << 16
	}
	return c
}

// readFile returns the file at p.
func (f *fatFS) readFile(p string) ([]byte, error) {
	e, err := f.find(p)
	if err != nil {
		return nil, err
	}
	size := int(binary.LittleEndian.Uint32(e[28:]))
	cs, err := f.chain(f.firstCluster(e))
	if err != nil {
		return nil, err
	}
	if size > len(cs)*f.clusterSize() {
		return nil, fmt.Errorf("reading %s: size %d exceeds its clusters: %w", p, size, errFAT)
	}
	out := make([]byte, 0, size)
	for _, c := range cs {
		out = append(out, f.b[f.clusterOff(c):f.clusterOff(c)+f.clusterSize()]...)
	}
	return out[:size], nil
}

// writeFile replaces the contents of the existing file at p.
func (f *fatFS) writeFile(p string, data []byte) error {
	e, err := f.find(p)
	if err != nil {
		return err
	}
	old, err := f.chain(f.firstCluster(e))
	if err != nil {
		return err
	}
	for _, c := range old {
		f.set(c, 0)
	}
	first, err := f.allocate(data)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	binary.LittleEndian.PutUint16(e[26:], uint16(first))
	if f.bits == 32 {
		binary.LittleEndian.PutUint16(e[20:], uint16(first>>16))
	}
	binary.LittleEndian.PutUint32(e[28:], uint32(len(data)))
	f.adjustFree(len(old) - (len(data)+f.clusterSize()-1)/f.clusterSize())
	return nil
}

// adjustFree keeps a FAT32 FSInfo sector's free cluster count true.
func (f *fatFS) adjustFree(delta int) {
	if f.bits != 32 {
		return
	}
	off := int(binary.LittleEndian.Uint16(f.b[48:])) * f.bps
	if off == 0 || off+512 > len(f.b) || binary.LittleEndian.Uint32(f.b[off:]) != 0x41615252 {
		return
	}
	if free := binary.LittleEndian.Uint32(f.b[off+488:]); free != 0xFFFFFFFF {
		binary.LittleEndian.PutUint32(f.b[off+488:], uint32(int(free)+delta))
	}
}

// allocate stores data in free clusters and returns the first one.
func (f *fatFS) allocate(data []byte) (uint32, error) {
	var first, prev uint32
	for c := uint32(2); len(data) > 0; c++ {
		if c >= f.clusters+2 {
			return 0, errors.New("no free clusters left in the FAT image")
		}
		if f.get(c) != 0 {
			continue
		}
		n := copy(f.b[f.clusterOff(c):f.clusterOff(c)+f.clusterSize()], data)
		clear(f.b[f.clusterOff(c)+n : f.clusterOff(c)+f.clusterSize()])
		data = data[n:]
		f.set(c, 0x0FFFFFFF)
		if prev != 0 {
			f.set(prev, c)
		} else {
			first = c
		}
		prev = c
	}
	return first, nil
}
