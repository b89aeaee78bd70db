// Package source describes the yum repositories a mirror is built from:
// the built-in CentOS 7.9.2009 vault defaults, or a sources file (YAML)
// that overrides them. Each repository pins the OpenPGP keys its packages
// must be signed with (yum's gpgkey=), or explicitly opts out (gpgcheck=0),
// and has a priority as in yum-plugin-priorities (lower wins, default 99).
//
// A sources file:
//
//	repos:
//	  - name: os
//	    baseurl: https://vault.centos.org/7.9.2009/os/x86_64/
//	    priority: 1
//	    keys: [RPM-GPG-KEY-CentOS-7]          # built-in name or a file path
//	  - name: local
//	    baseurl: file:///srv/extra/
//	    nosig: true                            # warned about on every run
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/keys"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
	"gopkg.in/yaml.v3"
)

// DefaultPriority is yum-plugin-priorities' default.
const DefaultPriority = 99

// Repo is one yum repository.
type Repo struct {
	Name     string   `yaml:"name"`
	BaseURL  string   `yaml:"baseurl"`
	Priority int      `yaml:"priority"`
	Keys     []string `yaml:"keys"`
	NoSig    bool     `yaml:"nosig"`

	Line int `yaml:"-"` // where the repo starts in its sources file; 0 for built-ins
}

// Sources is the list of repositories, in file order.
type Sources struct {
	File  string // "" for the built-in defaults
	Repos []Repo
}

// file is the top level of a sources file.
type file struct {
	Repos []yaml.Node `yaml:"repos"`
}

var repoFields = map[string]bool{"name": true, "baseurl": true, "priority": true, "keys": true, "nosig": true}

// Load reads and validates the sources file at path.
func Load(path string) (*Sources, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading sources file: %w", err)
	}
	return Parse(path, b)
}

// Parse parses and validates a sources file; name is used in errors, which
// read "name:line: field: problem".
func Parse(name string, data []byte) (*Sources, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s := &Sources{File: name}
	var errs []error
	for i := range f.Repos {
		r, err := parseRepo(&f.Repos[i])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%w", name, err))
			continue
		}
		s.Repos = append(s.Repos, r)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseRepo decodes one repo node, refusing unknown fields.
func parseRepo(n *yaml.Node) (Repo, error) {
	if n.Kind != yaml.MappingNode {
		return Repo{}, fmt.Errorf("%d: repos: each repo is a mapping (name:, baseurl:, ...)", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !repoFields[k.Value] {
			return Repo{}, fmt.Errorf("%d: unknown field %q; a repo has name, baseurl, priority, keys, nosig", k.Line, k.Value)
		}
	}
	r := Repo{Priority: DefaultPriority}
	if err := n.Decode(&r); err != nil {
		return Repo{}, fmt.Errorf("%d: %w", n.Line, err)
	}
	r.Line = n.Line
	return r, nil
}

// validate checks every repo and reports all problems.
func (s *Sources) validate() error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range s.Repos {
		for _, e := range r.problems() {
			errs = append(errs, fmt.Errorf("%s:%d: repo %q: %s", s.File, r.Line, r.Name, e))
		}
		if seen[r.Name] {
			errs = append(errs, fmt.Errorf("%s:%d: repo %q: name used twice", s.File, r.Line, r.Name))
		}
		seen[r.Name] = true
	}
	if len(s.Repos) == 0 {
		errs = append(errs, fmt.Errorf("%s: repos: no repositories listed", s.File))
	}
	return errors.Join(errs...)
}

// problems lists what is wrong with one repo.
func (r Repo) problems() []string {
	var ps []string
	if r.Name == "" || strings.ContainsAny(r.Name, "/\\ \t") || r.Name == "." || r.Name == ".." {
		ps = append(ps, "name: required, without slashes or spaces")
	}
	if u, err := url.Parse(r.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") ||
		(u.Scheme != "file" && u.Host == "") || (u.Scheme == "file" && (u.Host != "" || !strings.HasPrefix(u.Path, "/"))) {
		ps = append(ps, fmt.Sprintf("baseurl: %q is not an http://, https:// or file:/// URL", r.BaseURL))
	}
	if r.Priority < 1 || r.Priority > 99 {
		ps = append(ps, fmt.Sprintf("priority: %d is outside 1..99", r.Priority))
	}
	switch {
	case r.NoSig && len(r.Keys) > 0:
		ps = append(ps, "nosig: true with keys: keep one or the other")
	case !r.NoSig && len(r.Keys) == 0:
		ps = append(ps, "keys: none pinned; list the repo's signing keys, or set nosig: true to skip signature checks")
	}
	return ps
}

// WarnNoSig logs a warning for every repo that skips signature checks.
func (s *Sources) WarnNoSig(log *slog.Logger) {
	for _, r := range s.Repos {
		if r.NoSig {
			log.Warn("signature checks are OFF for this repo (nosig: true): its packages are checked against repo metadata only", "repo", r.Name, "baseurl", r.BaseURL)
		}
	}
}

// Keyring loads the repo's pinned keys: built-in names first, otherwise
// /etc/pki/rpm-gpg/<name> for a bare name, otherwise a file path (relative
// to the sources file's directory). It returns nil for a nosig repo.
func (r Repo) Keyring(dir string) (*sig.Keyring, error) {
	if r.NoSig {
		return nil, nil
	}
	kr := sig.NewKeyring()
	for _, k := range r.Keys {
		b, err := keyBytes(k, dir)
		if err != nil {
			return nil, fmt.Errorf("repo %s: %w", r.Name, err)
		}
		if err := kr.Add(k, bytes.NewReader(b)); err != nil {
			return nil, fmt.Errorf("repo %s: %w", r.Name, err)
		}
	}
	return kr, nil
}

// keyBytes finds a key by built-in name, in /etc/pki/rpm-gpg, or by path.
func keyBytes(k, dir string) ([]byte, error) {
	if b, err := keys.Get(k); err == nil {
		return b, nil
	}
	p := k
	if !strings.ContainsRune(k, '/') {
		p = "/etc/pki/rpm-gpg/" + k
	} else if !strings.HasPrefix(k, "/") && dir != "" {
		p = dir + "/" + k
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("key %s is not built in (built in: %s) and reading %s failed: %w (give the key file's path in keys)",
			k, strings.Join(keys.Names(), ", "), p, err)
	}
	return b, nil
}
