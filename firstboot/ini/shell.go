package ini

import (
	"slices"
	"strings"
)

// Vars is a shell variable file as /etc/sysconfig/* and
// /etc/etcd/etcd.conf are: KEY=value or KEY="value" lines and # comments,
// read by systemd's EnvironmentFile=. Like File, it changes only the
// variables it sets.
type Vars struct {
	lines []string
	eol   bool
}

// ParseVars reads a variable file; lines it does not understand are kept.
func ParseVars(data []byte) *Vars {
	v := &Vars{}
	text := string(data)
	if text == "" {
		return v
	}
	v.eol = strings.HasSuffix(text, "\n")
	v.lines = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	return v
}

// Bytes returns the file's text.
func (v *Vars) Bytes() []byte {
	s := strings.Join(v.lines, "\n")
	if v.eol {
		s += "\n"
	}
	return []byte(s)
}

// Get returns the last assignment of key, unquoted.
func (v *Vars) Get(key string) (string, bool) {
	val, ok := "", false
	for _, l := range v.lines {
		if k, raw, isVar := cutVar(l); isVar && k == key {
			val, ok = unquote(raw), true
		}
	}
	return val, ok
}

// Set makes value the one assignment of key, written KEY="value". A line
// that already says so (quoted or not) is kept; a new one goes after the
// commented-out "#KEY=" sample when there is one, else at the end.
func (v *Vars) Set(key, value string) {
	var at []int
	for i, l := range v.lines {
		if k, _, ok := cutVar(l); ok && k == key {
			at = append(at, i)
		}
	}
	if len(at) == 1 {
		if _, raw, _ := cutVar(v.lines[at[0]]); unquote(raw) == value {
			return
		}
	}
	nl := key + "=" + quoteVar(value)
	if len(at) > 0 {
		v.lines[at[0]] = nl
		for j := len(at) - 1; j > 0; j-- {
			v.lines = slices.Delete(v.lines, at[j], at[j]+1)
		}
		return
	}
	v.lines = slices.Insert(v.lines, v.samplePoint(key), nl)
	if len(v.lines) == 1 {
		v.eol = true
	}
}

func (v *Vars) samplePoint(key string) int {
	for i, l := range v.lines {
		t, ok := strings.CutPrefix(strings.TrimSpace(l), "#")
		if k, _, isVar := cutVar(strings.TrimSpace(t)); ok && isVar && k == key {
			return i + 1
		}
	}
	return len(v.lines)
}

// cutVar splits KEY=value; it rejects comments and non-identifiers.
func cutVar(l string) (key, raw string, ok bool) {
	l = strings.TrimSpace(l)
	k, raw, ok := strings.Cut(l, "=")
	if !ok || k == "" || strings.HasPrefix(k, "#") || strings.ContainsAny(k, " \t\"'") {
		return "", "", false
	}
	return k, raw, true
}

func unquote(raw string) string {
	raw = strings.TrimSpace(raw)
	if len(raw) >= 2 && raw[0] == '\'' && raw[len(raw)-1] == '\'' {
		return raw[1 : len(raw)-1]
	}
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		return unescape.Replace(raw[1 : len(raw)-1])
	}
	return raw
}

var unescape = strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\$`, "$", "\\`", "`")

// quoteVar double-quotes value, escaping what the shell and systemd
// expand inside double quotes.
func quoteVar(value string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	return `"` + r.Replace(value) + `"`
}
