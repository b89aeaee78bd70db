package rpmver

import (
	"fmt"
	"strconv"
	"strings"
)

// EVR is [epoch:]version[-release]. An empty Epoch means none was given
// (epoch 0 when comparing); an empty Release means none was given.
type EVR struct {
	Epoch, Version, Release string
}

// Parse splits s as rpm's parseEVR does: the epoch is the leading digits
// before a ':', the release is what follows the last '-'.
func Parse(s string) EVR {
	var e EVR
	d := 0
	for d < len(s) && isDigit(s[d]) {
		d++
	}
	rest := s
	if d < len(s) && s[d] == ':' {
		e.Epoch, rest = s[:d], s[d+1:]
		if e.Epoch == "" {
			e.Epoch = "0"
		}
	}
	if k := strings.LastIndexByte(rest, '-'); k >= 0 {
		rest, e.Release = rest[:k], rest[k+1:]
	}
	e.Version = rest
	return e
}

// String is the [epoch:]version[-release] form.
func (e EVR) String() string {
	s := e.Version
	if e.Epoch != "" {
		s = e.Epoch + ":" + s
	}
	if e.Release != "" {
		s += "-" + e.Release
	}
	return s
}

// IsZero reports whether e is empty (an unversioned dependency).
func (e EVR) IsZero() bool { return e == EVR{} }

// epoch is e's epoch as a number, as rpm's atol: missing or malformed is 0.
func (e EVR) epoch() uint64 {
	n, err := strconv.ParseUint(e.Epoch, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// Compare orders two packages' EVRs as rpmVersionCompare does: epoch as
// a number (missing is 0), then version, then release with Vercmp.
func Compare(a, b EVR) int {
	if ea, eb := a.epoch(), b.epoch(); ea != eb {
		if ea < eb {
			return -1
		}
		return 1
	}
	if c := Vercmp(a.Version, b.Version); c != 0 {
		return c
	}
	return Vercmp(a.Release, b.Release)
}

// depCompare compares two dependency EVRs as rpmdsCompare does: epochs
// only when present (a missing one against a non-zero one is older), the
// release only when both have one.
func depCompare(a, b EVR) int {
	c := 0
	switch {
	case a.Epoch != "" && b.Epoch != "":
		c = Vercmp(a.Epoch, b.Epoch)
	case a.epoch() > 0:
		c = 1
	case b.epoch() > 0:
		c = -1
	}
	if c != 0 {
		return c
	}
	if c = Vercmp(a.Version, b.Version); c != 0 {
		return c
	}
	if a.Release != "" && b.Release != "" {
		return Vercmp(a.Release, b.Release)
	}
	return 0
}

// Flags are rpm's dependency sense bits.
type Flags uint8

// The sense bits, as in rpmds.h; 0 means any version.
const (
	Less    Flags = 1 << 1
	Greater Flags = 1 << 2
	Equal   Flags = 1 << 3

	LE = Less | Equal
	GE = Greater | Equal
)

// ParseFlags reads repodata's flags attribute: "", "EQ", "LT", "LE", "GT", "GE".
func ParseFlags(s string) (Flags, error) {
	switch s {
	case "":
		return 0, nil
	case "EQ":
		return Equal, nil
	case "LT":
		return Less, nil
	case "LE":
		return LE, nil
	case "GT":
		return Greater, nil
	case "GE":
		return GE, nil
	}
	return 0, fmt.Errorf("rpmver: unknown flags %q (want EQ, LT, LE, GT or GE)", s)
}

// ParseOp reads an operator as written in a spec file: "=", "<", "<=", ">", ">=".
func ParseOp(s string) (Flags, error) {
	switch s {
	case "=", "==":
		return Equal, nil
	case "<":
		return Less, nil
	case "<=", "=<":
		return LE, nil
	case ">":
		return Greater, nil
	case ">=", "=>":
		return GE, nil
	}
	return 0, fmt.Errorf("rpmver: unknown operator %q (want =, <, <=, > or >=)", s)
}

// String is the operator form, "" for any version.
func (f Flags) String() string {
	s := ""
	if f&Less != 0 {
		s += "<"
	}
	if f&Greater != 0 {
		s += ">"
	}
	if f&Equal != 0 {
		s += "="
	}
	return s
}

// Range is a dependency's version constraint: Flags and an EVR.
type Range struct {
	Flags Flags
	EVR   EVR
}

// Overlaps reports whether some version satisfies both r and o, as
// rpmdsCompare decides whether a Provides satisfies a Requires: an
// unversioned side always overlaps.
func (r Range) Overlaps(o Range) bool {
	if r.Flags&(Less|Greater|Equal) == 0 || o.Flags&(Less|Greater|Equal) == 0 {
		return true
	}
	if r.EVR.IsZero() || o.EVR.IsZero() {
		return true
	}
	switch c := depCompare(r.EVR, o.EVR); {
	case c < 0:
		return r.Flags&Greater != 0 || o.Flags&Less != 0
	case c > 0:
		return r.Flags&Less != 0 || o.Flags&Greater != 0
	}
	return r.Flags&o.Flags != 0
}

// Contains reports whether a package at e satisfies r.
func (r Range) Contains(e EVR) bool { return r.Overlaps(Range{Equal, e}) }
