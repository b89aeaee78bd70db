package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// pos is a line and column in the site file, both 1-based.
type pos struct{ line, col int }

// decoder fills a value from a yaml.Node tree, strictly: unknown fields,
// fields set twice, wrong types and aliases are problems. It records the
// position of every field path it meets, so that validation can point at
// the line of any value it rejects.
type decoder struct {
	file string
	pos  map[string]pos
	// bad holds the paths whose value was rejected: validation says
	// nothing more about them or what is below them.
	bad  map[string]bool
	errs ErrorList
}

func newDecoder(file string) *decoder {
	return &decoder{file: file, pos: map[string]pos{}, bad: map[string]bool{}}
}

// errorf reports a rejected value at path.
func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.bad[path] = true
	d.add(n, path, format, args...)
}

// add reports a problem that leaves the value at path as it is.
func (d *decoder) add(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: n.Line, Column: n.Column, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// decode sets v, a struct, slice, string or int, from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	d.pos[path] = pos{n.Line, n.Column}
	if n.Kind == yaml.AliasNode {
		d.errorf(n, path, "aliases (*%s) are not supported; expected the value written out", n.Value)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.String:
		d.decodeString(n, v, path)
	case reflect.Int:
		d.decodeInt(n, v, path)
	default:
		panic("site: cannot decode into " + v.Type().String())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping (key: value lines), got %s", describe(n))
		return
	}
	fields := yamlFields(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		d.decodeField(key, val, v, fields, seen, path)
	}
}

func (d *decoder) decodeField(key, val *yaml.Node, v reflect.Value, fields map[string]int, seen map[string]*yaml.Node, path string) {
	if key.Kind != yaml.ScalarNode || key.Tag != "!!str" {
		d.add(key, path, "expected a field name, got %s", describe(key))
		return
	}
	fp := join(path, key.Value)
	idx, ok := fields[key.Value]
	switch {
	case !ok:
		d.errorf(key, fp, "unknown field; expected one of %s", fieldNames(v.Type()))
	case seen[key.Value] != nil:
		d.errorf(key, fp, "set twice (first on line %d); expected it once", seen[key.Value].Line)
	default:
		seen[key.Value] = key
		d.decode(val, v.Field(idx), fp)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "expected a list, got %s", describe(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, c := range n.Content {
		d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
	v.Set(s)
}

func (d *decoder) decodeString(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!bool") {
			hint = " (quote it to make it a string)"
		}
		d.errorf(n, path, "expected a string, got %s%s", describe(n), hint)
		return
	}
	v.SetString(n.Value)
}

func (d *decoder) decodeInt(n *yaml.Node, v reflect.Value, path string) {
	var i int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		d.errorf(n, path, "expected an integer, got %s", describe(n))
		return
	}
	v.SetInt(int64(i))
}

// describe names what a node is, for "expected X, got Y".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!str":
		return "a string"
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "nothing"
	}
	return "a value tagged " + quote(n.Tag)
}

// yamlFields maps a struct's YAML field names to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "" {
			m[name] = i
		}
	}
	return m
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// fieldNames lists a struct's YAML field names in declaration order.
func fieldNames(t reflect.Type) string {
	var names []string
	for i := range t.NumField() {
		if name := yamlName(t.Field(i)); name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// join appends a field name to a path.
func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// parent is the path of the mapping or list that holds path.
func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads the one YAML document of a site file.
func parseYAML(file string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrorList{emptyFile(file)}
		}
		return nil, syntaxError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, ErrorList{emptyFile(file)}
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(file, err)
	default:
		return nil, ErrorList{{File: file, Line: next.Line, Column: next.Column, Msg: "a second YAML document; expected one site per file"}}
	}
	return doc.Content[0], nil
}

// syntaxError turns a YAML parser error, which knows only the line, into
// an ErrorList.
func syntaxError(file string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: file, Msg: "invalid YAML: " + msg}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Msg = "invalid YAML: " + m[2]
	}
	return ErrorList{e}
}

func emptyFile(file string) *Error {
	return &Error{File: file, Line: 1, Column: 1, Msg: "empty site file; expected a YAML mapping that starts with version: 1"}
}
