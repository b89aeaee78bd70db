package iso

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// rrInfo is what the Rock Ridge entries of one record say.
type rrInfo struct {
	name      string
	mode      uint32
	hasMode   bool
	link      string
	relocated bool
	childLink uint32
}

// rockRidge parses rec's System Use entries, following continuation areas.
func (d *dirReader) rockRidge(rec *record) (rrInfo, error) {
	var info rrInfo
	if !d.rr || len(rec.susp) < d.skip {
		return info, nil
	}
	area := rec.susp[d.skip:]
	var name, link strings.Builder
	linkDone := true
	for hop := 0; len(area) > 0; hop++ {
		if hop > maxCEHops {
			return info, errors.New("too many continuation areas")
		}
		next, err := parseSUSP(area, &info, &name, &link, &linkDone)
		if err != nil {
			return info, err
		}
		if next == nil {
			break
		}
		if area, err = d.readCE(next); err != nil {
			return info, err
		}
	}
	info.name, info.link = name.String(), link.String()
	return info, nil
}

// ceRef locates a continuation area.
type ceRef struct{ block, off, n uint32 }

func (d *dirReader) readCE(ce *ceRef) ([]byte, error) {
	if ce.n > sectorSize || ce.off >= sectorSize {
		return nil, fmt.Errorf("continuation area of %d bytes at offset %d is out of range", ce.n, ce.off)
	}
	b := make([]byte, ce.n)
	if _, err := d.r.ReadAt(b, int64(ce.block)*sectorSize+int64(ce.off)); err != nil {
		return nil, fmt.Errorf("reading continuation area at block %d: %w", ce.block, err)
	}
	return b, nil
}

// parseSUSP reads one System Use area and returns the continuation it
// names, if any.
func parseSUSP(area []byte, info *rrInfo, name, link *strings.Builder, linkDone *bool) (*ceRef, error) {
	var ce *ceRef
	for len(area) >= 4 {
		l := int(area[2])
		if l < 4 || l > len(area) {
			return nil, fmt.Errorf("system use entry %q has bad length %d", area[:2], l)
		}
		e := area[:l]
		area = area[l:]
		switch string(e[:2]) {
		case "ST":
			return ce, nil
		case "CE":
			if l >= 28 {
				ce = &ceRef{binary.LittleEndian.Uint32(e[4:]), binary.LittleEndian.Uint32(e[12:]), binary.LittleEndian.Uint32(e[20:])}
			}
		case "NM":
			if l > 5 && e[4]&0x06 == 0 {
				name.Write(e[5:])
			}
		case "PX":
			if l >= 12 {
				info.mode, info.hasMode = binary.LittleEndian.Uint32(e[4:]), true
			}
		case "SL":
			if l > 5 {
				parseSL(e[5:], link, linkDone)
			}
		case "RE":
			info.relocated = true
		case "CL":
			if l >= 12 {
				info.childLink = binary.LittleEndian.Uint32(e[4:])
			}
		}
	}
	return ce, nil
}

// parseSL appends the components of one SL entry to the link target.
func parseSL(comps []byte, link *strings.Builder, done *bool) {
	for len(comps) >= 2 {
		flags, n := comps[0], int(comps[1])
		if 2+n > len(comps) {
			return
		}
		if *done && link.Len() > 0 && !strings.HasSuffix(link.String(), "/") {
			link.WriteByte('/')
		}
		switch {
		case flags&0x02 != 0:
			link.WriteString(".")
		case flags&0x04 != 0:
			link.WriteString("..")
		case flags&0x08 != 0:
			link.WriteString("/")
		default:
			link.Write(comps[2 : 2+n])
		}
		*done = flags&0x01 == 0
		comps = comps[2+n:]
	}
}

// The Rock Ridge extension reference (RRIP 1.12, 4.3).
const (
	erID     = "RRIP_1991A"
	erDesc   = "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS"
	erSource = "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION."
)

func suspSP() []byte { return []byte{'S', 'P', 7, 1, 0xBE, 0xEF, 0} }

func suspER() []byte {
	b := []byte{'E', 'R', byte(8 + len(erID) + len(erDesc) + len(erSource)), 1,
		byte(len(erID)), byte(len(erDesc)), byte(len(erSource)), 1}
	return append(append(append(b, erID...), erDesc...), erSource...)
}

// suspPX is the RRIP 1.10 POSIX attributes entry (mode, links, uid, gid).
func suspPX(mode uint32, nlink uint32) []byte {
	b := []byte{'P', 'X', 36, 1}
	for _, v := range []uint32{mode, nlink, 0, 0} {
		b = appendBoth32(b, v)
	}
	return b
}

// suspTF records modification and access times.
func suspTF(t time.Time) []byte {
	b := []byte{'T', 'F', 5 + 14, 1, 0x06}
	d := dirDate(t)
	return append(append(b, d[:]...), d[:]...)
}

func suspNM(name string) []byte {
	return append([]byte{'N', 'M', byte(5 + len(name)), 1, 0}, name...)
}

// suspSL encodes a symlink target as one SL entry.
func suspSL(target string) []byte {
	var comps []byte
	if strings.HasPrefix(target, "/") {
		comps = append(comps, 0x08, 0)
	}
	for _, c := range strings.Split(strings.Trim(target, "/"), "/") {
		switch c {
		case "":
		case ".":
			comps = append(comps, 0x02, 0)
		case "..":
			comps = append(comps, 0x04, 0)
		default:
			comps = append(append(comps, 0, byte(len(c))), c...)
		}
	}
	return append([]byte{'S', 'L', byte(5 + len(comps)), 1, 0}, comps...)
}

func suspCE(block, off, n uint32) []byte {
	b := []byte{'C', 'E', 28, 1}
	for _, v := range []uint32{block, off, n} {
		b = appendBoth32(b, v)
	}
	return b
}

func appendBoth32(b []byte, v uint32) []byte {
	b = binary.LittleEndian.AppendUint32(b, v)
	return binary.BigEndian.AppendUint32(b, v)
}

func appendBoth16(b []byte, v uint16) []byte {
	b = binary.LittleEndian.AppendUint16(b, v)
	return binary.BigEndian.AppendUint16(b, v)
}

// dirDate is the 7-byte recording date of directory records (ECMA-119 9.1.5).
func dirDate(t time.Time) [7]byte {
	t = t.UTC()
	return [7]byte{byte(t.Year() - 1900), byte(t.Month()), byte(t.Day()),
		byte(t.Hour()), byte(t.Minute()), byte(t.Second()), 0}
}

// volDate is the 17-byte date of volume descriptors (ECMA-119 8.4.26.1).
func volDate(t time.Time) []byte {
	s := t.UTC().Format("20060102150405") + "00"
	return append([]byte(s), 0)
}
