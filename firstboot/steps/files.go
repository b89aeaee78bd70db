package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/ini"
)

// fileEdit changes a file's text with a pure function and writes it
// atomically with its owner when the result differs.
type fileEdit struct {
	path  string
	owner host.Owner
	desc  []string
	edit  func(cur []byte) []byte
}

func (f *fileEdit) File() string { return f.path }

func (f *fileEdit) String() string {
	return indent(fmt.Sprintf("edit %s (%s)", f.path, f.owner), f.desc)
}

func (f *fileEdit) want(e *Env) ([]byte, error) {
	cur, err := e.Root.ReadFile(f.path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return f.edit(cur), nil
}

func (f *fileEdit) Check(_ context.Context, e *Env) (Status, error) {
	want, err := f.want(e)
	if err != nil {
		return Todo, err
	}
	if e.Root.Matches(f.path, want, f.owner) {
		return Done, nil
	}
	return Todo, nil
}

func (f *fileEdit) Apply(ctx context.Context, e *Env) error {
	want, err := f.want(e)
	if err != nil {
		return err
	}
	e.Changed = true
	if err := e.Root.WriteFile(f.path, want, f.owner); err != nil {
		return err
	}
	return e.relabel(ctx, f.path)
}

// kv is one ini setting: values (one, or several for a MultiStrOpt), or
// a deletion when del is set.
type kv struct {
	section, key string
	values       []string
	del          bool
}

func set(section, key, value string) kv {
	return kv{section: section, key: key, values: []string{value}}
}

func unset(section, key string) kv { return kv{section: section, key: key, del: true} }

func (k kv) String() string {
	if k.del {
		return fmt.Sprintf("[%s] %s (removed)", k.section, k.key)
	}
	return fmt.Sprintf("[%s] %s = %s", k.section, k.key, strings.Join(k.values, ", "))
}

// iniFile sets keys of an oslo.config file, keeping the rest.
func iniFile(path string, owner host.Owner, kvs ...kv) *fileEdit {
	desc := make([]string, len(kvs))
	for i, k := range kvs {
		desc[i] = k.String()
	}
	return &fileEdit{path: path, owner: owner, desc: desc, edit: func(cur []byte) []byte {
		f := ini.Parse(cur)
		for _, k := range kvs {
			if k.del {
				f.Delete(k.section, k.key)
			} else {
				f.SetMulti(k.section, k.key, k.values)
			}
		}
		return f.Bytes()
	}}
}

// varsFile sets variables of a KEY="value" file (sysconfig, etcd.conf).
func varsFile(path string, owner host.Owner, pairs ...[2]string) *fileEdit {
	desc := make([]string, len(pairs))
	for i, p := range pairs {
		desc[i] = fmt.Sprintf("%s=%q", p[0], p[1])
	}
	return &fileEdit{path: path, owner: owner, desc: desc, edit: func(cur []byte) []byte {
		v := ini.ParseVars(cur)
		for _, p := range pairs {
			v.Set(p[0], p[1])
		}
		return v.Bytes()
	}}
}

// wholeFile owns a file's whole content.
func wholeFile(path string, owner host.Owner, content string) *fileEdit {
	return &fileEdit{path: path, owner: owner, desc: strings.Split(strings.TrimSuffix(content, "\n"), "\n"),
		edit: func([]byte) []byte { return []byte(content) }}
}

// block keeps the lines between "# BEGIN rockyiso" and "# END rockyiso"
// markers equal to lines, leaving the rest of the file alone except for
// the lines matching comment, which it comments out (a packaged default
// that the block replaces). The block goes after the first line matching
// after, or at the end of the file.
type block struct {
	lines   []string
	comment *regexp.Regexp
	after   *regexp.Regexp
	// wrap surrounds the block when after matches nothing.
	wrap [2]string
}

const (
	beginMark = "# BEGIN rockyiso"
	endMark   = "# END rockyiso"
)

func blockFile(path string, owner host.Owner, b block) *fileEdit {
	desc := append([]string{}, b.lines...)
	if b.comment != nil {
		desc = append(desc, "(comment out lines matching "+b.comment.String()+")")
	}
	return &fileEdit{path: path, owner: owner, desc: desc, edit: b.apply}
}

func (b block) apply(cur []byte) []byte {
	lines := withoutBlock(splitLines(cur))
	if b.comment != nil {
		for i, l := range lines {
			if b.comment.MatchString(l) {
				lines[i] = "#" + l
			}
		}
	}
	blk := append(append([]string{beginMark}, b.lines...), endMark)
	at := b.position(lines)
	switch {
	case at >= 0:
		lines = slices.Insert(lines, at, blk...)
	case b.wrap[0] != "":
		lines = append(append(append(lines, b.wrap[0]), blk...), b.wrap[1])
	default:
		lines = append(lines, blk...)
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// position is the index after the line matching after, or -1.
func (b block) position(lines []string) int {
	if b.after == nil {
		return -1
	}
	for i, l := range lines {
		if b.after.MatchString(l) {
			return i + 1
		}
	}
	return -1
}

func splitLines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// withoutBlock removes a previous rockyiso block.
func withoutBlock(lines []string) []string {
	var out []string
	in := false
	for _, l := range lines {
		switch {
		case l == beginMark:
			in = true
		case l == endMark && in:
			in = false
		case !in:
			out = append(out, l)
		}
	}
	return out
}

// link is a symbolic link, e.g. /etc/neutron/plugin.ini.
type link struct{ target, link string }

func (l *link) File() string   { return l.link }
func (l *link) String() string { return fmt.Sprintf("ln -s %s %s", l.target, l.link) }

func (l *link) Check(_ context.Context, e *Env) (Status, error) {
	if t, err := e.Root.Readlink(l.link); err == nil && t == l.target {
		return Done, nil
	}
	return Todo, nil
}

func (l *link) Apply(ctx context.Context, e *Env) error {
	e.Changed = true
	if err := e.Root.Symlink(l.target, l.link); err != nil {
		return err
	}
	return e.relabel(ctx, l.link)
}

// relabel restores a written file's SELinux context when e.Relabel is set.
func (e *Env) relabel(ctx context.Context, path string) error {
	if !e.Relabel {
		return nil
	}
	_, err := e.run(ctx, cmd(host.Restorecon, "-F", path))
	return err
}
