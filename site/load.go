package site

import (
	"fmt"
	"os"
	"reflect"
)

// Load reads and validates the site file at path.
func Load(path string) (*Site, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading site file: %w", err)
	}
	return Parse(path, b)
}

// Parse parses and validates a site file; name is the file name its
// errors start with. Unknown keys, fields set twice, wrong types, missing
// required fields and every rule of Validate are problems; all of them
// are returned at once as an ErrorList sorted by position, each naming
// name:line:column, the field path and what is expected.
func Parse(name string, data []byte) (*Site, error) {
	root, err := parseYAML(name, data)
	if err != nil {
		return nil, err
	}
	d := newDecoder(name)
	var s Site
	d.decode(root, reflect.ValueOf(&s).Elem(), "")
	s.applyDefaults()
	v := &validator{s: &s, file: name, pos: d.pos, bad: d.bad}
	v.site()
	if err := append(d.errs, v.errs...).asError(); err != nil {
		return nil, err
	}
	return &s, nil
}
