// Package ini edits OpenStack configuration files the way an operator does
// by hand: it changes only the keys it is told to set and keeps everything
// else of the packaged file byte for byte (comments, blank lines, order,
// other keys, repeated keys). It reads the format of oslo.config
// (https://docs.openstack.org/oslo.config/rocky/reference/format.html):
// [section] headers, "key = value" lines, lines starting with # or ; as
// comments, indented lines continuing the previous value, and repeated keys
// as the values of a MultiStrOpt. The DEFAULT section is [DEFAULT].
package ini

import (
	"slices"
	"strings"
)

// File is a parsed configuration file.
type File struct {
	lines []line
	// eol is whether the text ended with a newline.
	eol bool
}

type kind int

const (
	other kind = iota
	header
	pair
	cont // continuation of the previous pair's value
)

// line is one physical line: its text and what it means.
type line struct {
	raw     string
	kind    kind
	section string // for header lines: the section's name
	key     string // for pair lines
	value   string
}

// Parse reads a file. It never fails: lines it does not understand are
// kept as they are.
func Parse(data []byte) *File {
	f := &File{}
	text := string(data)
	if text == "" {
		return f
	}
	f.eol = strings.HasSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\n")
	prev := other
	for _, raw := range strings.Split(text, "\n") {
		l := parseLine(raw, prev)
		f.lines = append(f.lines, l)
		prev = l.kind
	}
	return f
}

func parseLine(raw string, prev kind) line {
	t := strings.TrimSpace(raw)
	l := line{raw: raw}
	switch {
	case t == "" || t[0] == '#' || t[0] == ';':
	case raw[0] == ' ' || raw[0] == '\t':
		if prev == pair || prev == cont {
			l.kind = cont
		}
	case t[0] == '[' && strings.HasSuffix(t, "]"):
		l.kind, l.section = header, strings.TrimSpace(t[1:len(t)-1])
	default:
		k, v, ok := cutPair(t)
		if ok {
			l.kind, l.key, l.value = pair, k, v
		}
	}
	return l
}

// cutPair splits "key = value" (or "key: value") at the first separator.
func cutPair(t string) (key, value string, ok bool) {
	i := strings.IndexAny(t, "=:")
	if i <= 0 {
		return "", "", false
	}
	return strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:]), true
}

// Bytes returns the file's text.
func (f *File) Bytes() []byte {
	var b strings.Builder
	for i, l := range f.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.raw)
	}
	if f.eol {
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// Get returns the value of key in section (the last one, as oslo.config
// reads a single-valued option), and whether it is set.
func (f *File) Get(section, key string) (string, bool) {
	vs := f.GetMulti(section, key)
	if len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

// GetMulti returns every value of key in section, in file order.
func (f *File) GetMulti(section, key string) []string {
	var vs []string
	for _, i := range f.find(section, key) {
		vs = append(vs, f.lines[i].value)
	}
	return vs
}

// Sections returns the section names in order of first appearance.
func (f *File) Sections() []string {
	var ss []string
	for _, l := range f.lines {
		if l.kind == header && !slices.Contains(ss, l.section) {
			ss = append(ss, l.section)
		}
	}
	return ss
}

// Set makes key the single value of key in section. A line that already
// says so is left untouched; otherwise the first occurrence is rewritten
// as "key = value" and the others removed. A new key goes after its
// commented-out sample line ("#key = ...") when the section has one, else
// after the section's last setting; a new section goes at the end.
func (f *File) Set(section, key, value string) {
	f.SetMulti(section, key, []string{value})
}

// SetMulti makes values the values of the repeated key in section (a
// MultiStrOpt), in order, at the place of the first existing one.
func (f *File) SetMulti(section, key string, values []string) {
	if slices.Equal(f.GetMulti(section, key), values) && len(f.find(section, key)) == len(values) {
		return
	}
	if len(f.lines) == 0 {
		f.eol = true
	}
	at := f.removeKey(section, key)
	if at < 0 {
		at = f.insertionPoint(section, key)
	}
	nl := make([]line, len(values))
	for i, v := range values {
		nl[i] = line{raw: key + " = " + v, kind: pair, key: key, value: v}
	}
	f.lines = slices.Insert(f.lines, at, nl...)
}

// Delete removes key (every occurrence and its continuation lines) from
// section.
func (f *File) Delete(section, key string) {
	f.removeKey(section, key)
}

// span is the lines [start, end) of one occurrence of a section, after its
// header.
type span struct{ start, end int }

// spans returns every occurrence of section in the file.
func (f *File) spans(section string) []span {
	var ss []span
	for i, l := range f.lines {
		if l.kind != header {
			continue
		}
		if n := len(ss); n > 0 && ss[n-1].end < 0 {
			ss[n-1].end = i
		}
		if l.section == section {
			ss = append(ss, span{i + 1, -1})
		}
	}
	if n := len(ss); n > 0 && ss[n-1].end < 0 {
		ss[n-1].end = len(f.lines)
	}
	return ss
}

// find returns the indexes of key's lines in section.
func (f *File) find(section, key string) []int {
	var is []int
	for _, sp := range f.spans(section) {
		for i := sp.start; i < sp.end; i++ {
			if l := f.lines[i]; l.kind == pair && l.key == key {
				is = append(is, i)
			}
		}
	}
	return is
}

// removeKey deletes key's lines and their continuations from section and
// returns where the first one was, or -1.
func (f *File) removeKey(section, key string) int {
	is := f.find(section, key)
	for j := len(is) - 1; j >= 0; j-- {
		end := is[j] + 1
		for end < len(f.lines) && f.lines[end].kind == cont {
			end++
		}
		f.lines = slices.Delete(f.lines, is[j], end)
	}
	if len(is) == 0 {
		return -1
	}
	return is[0]
}

// insertionPoint returns where a new key goes in section, adding the
// section at the end of the file when it is missing.
func (f *File) insertionPoint(section, key string) int {
	ss := f.spans(section)
	if len(ss) == 0 {
		return f.appendSection(section)
	}
	for _, sp := range ss {
		for i := sp.start; i < sp.end; i++ {
			if isSample(f.lines[i].raw, key) {
				return i + 1
			}
		}
	}
	last := ss[len(ss)-1]
	at := last.start
	for i := last.start; i < last.end; i++ {
		if k := f.lines[i].kind; k == pair || k == cont {
			at = i + 1
		}
	}
	return at
}

// isSample reports whether raw is key's commented-out sample line,
// "#key = value" as oslo-config-generator writes it.
func isSample(raw, key string) bool {
	t, ok := strings.CutPrefix(strings.TrimSpace(raw), "#")
	if !ok {
		return false
	}
	k, _, ok := cutPair(strings.TrimSpace(t))
	return ok && k == key
}

func (f *File) appendSection(section string) int {
	if n := len(f.lines); n > 0 && strings.TrimSpace(f.lines[n-1].raw) != "" {
		f.lines = append(f.lines, line{})
	}
	f.lines = append(f.lines, line{raw: "[" + section + "]", kind: header, section: section})
	f.eol = true
	return len(f.lines)
}
