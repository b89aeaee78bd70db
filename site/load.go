package site

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// Load reads and validates the site file at path.
func Load(path string) (*Site, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading site file: %w", err)
	}
	return Parse(path, b)
}

// Parse parses and validates a site file; name is used in error messages.
// Unknown keys and wrong types are errors; every problem is reported.
func Parse(name string, data []byte) (*Site, error) {
	var s Site
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.applyDefaults()
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

// Validate checks the rules of the guide's design.
func (s *Site) Validate() error {
	var errs []error
	if s.Version != Version {
		errs = append(errs, fmt.Errorf("version: %d is not supported; this rockyiso reads version %d", s.Version, Version))
	}
	if n := len(s.HostsWith(Controller)); n != 1 {
		errs = append(errs, fmt.Errorf("hosts: %d controllers; the guide's design has exactly one controller", n))
	}
	return errors.Join(errs...)
}
