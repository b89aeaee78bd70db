// Package rpmgen generates synthetic EL7-like RPM packages for tests and
// benchmarks: a Universe of package Specs spread over several repos, and
// the RPM files themselves, written with github.com/google/rpmpack.
//
// The RPMs follow the RPM v4 package file format (lead, signature header,
// header, cpio payload) as rpmpack writes it; dependencies use rpm's
// dependency syntax ("name", "name >= [epoch:]version[-release]").
// Nothing here touches the network; Write is the only function that
// touches the disk.
package rpmgen

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/renameio/v2"
	"github.com/google/rpmpack"
)

// Signer signs the bytes rpmpack hands it (the header, then header plus
// payload) and returns an OpenPGP signature packet. It is rpmpack's
// SetPGPSigner hook: the packet format (V3 or V4) is the signer's choice.
type Signer func(data []byte) ([]byte, error)

// BuildTime is the build time of every generated package unless a Spec
// sets its own, so that the same Spec always gives the same bytes.
var BuildTime = time.Date(2020, 11, 12, 0, 0, 0, 0, time.UTC)

// Spec describes one binary package.
type Spec struct {
	Repo    string // repo it belongs to, e.g. "os", "openstack-rocky"
	Name    string
	Epoch   uint32 // 0 means no Epoch tag, as in most EL7 packages
	Version string
	Release string
	Arch    string // "x86_64", "noarch" or "i686"
	Summary string

	// Dependencies in rpm syntax: "name" or "name OP [E:]V[-R]" where OP
	// is one of = < <= > >=. Provides need not list the package's own
	// "name = E:V-R", which Encode adds.
	Provides, Requires, Conflicts, Obsoletes []string

	// Files are absolute paths of regular files; each holds its own path.
	// Files under a bin/ or sbin/ directory are executable.
	Files []string

	BuildTime time.Time // zero: BuildTime
}

// EVR is the package's [epoch:]version-release.
func (s *Spec) EVR() string {
	vr := s.Version + "-" + s.Release
	if s.Epoch > 0 {
		return strconv.FormatUint(uint64(s.Epoch), 10) + ":" + vr
	}
	return vr
}

// NEVRA is name-[epoch:]version-release.arch, as yum prints it.
func (s *Spec) NEVRA() string { return s.Name + "-" + s.EVR() + "." + s.Arch }

// Filename is the conventional file name, name-version-release.arch.rpm.
func (s *Spec) Filename() string {
	return fmt.Sprintf("%s-%s-%s.%s.rpm", s.Name, s.Version, s.Release, s.Arch)
}

// Encode writes the RPM for s to w, signed by sign unless it is nil.
func (s *Spec) Encode(w io.Writer, sign Signer) error {
	r, err := s.build()
	if err != nil {
		return fmt.Errorf("building %s: %w", s.NEVRA(), err)
	}
	if sign != nil {
		r.SetPGPSigner(sign)
	}
	if err := r.Write(w); err != nil {
		return fmt.Errorf("encoding %s: %w", s.NEVRA(), err)
	}
	return nil
}

func (s *Spec) build() (*rpmpack.RPM, error) {
	md, err := s.metadata()
	if err != nil {
		return nil, err
	}
	r, err := rpmpack.NewRPM(md)
	if err != nil {
		return nil, err
	}
	// rpmpack's own self-provide has no epoch; rpm's has one.
	r.Provides = md.Provides
	for _, f := range s.Files {
		r.AddFile(file(f, r.BuildTime))
	}
	return r, nil
}

func (s *Spec) metadata() (rpmpack.RPMMetaData, error) {
	bt := s.BuildTime
	if bt.IsZero() {
		bt = BuildTime
	}
	md := rpmpack.RPMMetaData{
		Name: s.Name, Version: s.Version, Release: s.Release, Arch: s.Arch,
		Epoch: s.Epoch, Summary: s.Summary, Description: s.Summary,
		Licence: "ASL 2.0", Vendor: "rockyiso test", BuildHost: "rpmgen",
		Group: "Unspecified", BuildTime: bt,
	}
	if s.Epoch == 0 {
		md.Epoch = rpmpack.NoEpoch
	}
	self := s.Name + " = " + s.EVR()
	var err error
	sets := []struct {
		dst *rpmpack.Relations
		src []string
	}{
		{&md.Provides, append([]string{self}, s.Provides...)},
		{&md.Requires, s.Requires}, {&md.Conflicts, s.Conflicts}, {&md.Obsoletes, s.Obsoletes},
	}
	for _, set := range sets {
		if *set.dst, err = relations(set.src); err != nil {
			return md, err
		}
	}
	return md, nil
}

func relations(deps []string) (rpmpack.Relations, error) {
	var rs rpmpack.Relations
	for _, d := range deps {
		if err := rs.Set(d); err != nil {
			return nil, fmt.Errorf("parsing dependency %q: %w", d, err)
		}
	}
	return rs, nil
}

func file(path string, mtime time.Time) rpmpack.RPMFile {
	mode := uint(0o100644)
	if strings.Contains(path, "bin/") {
		mode = 0o100755
	}
	return rpmpack.RPMFile{
		Name: path, Body: []byte(path + "\n"), Mode: mode,
		Owner: "root", Group: "root", MTime: uint32(mtime.Unix()),
	}
}

// Write writes s as dir/s.Filename() atomically (temp file, fsync,
// rename), signed by sign unless it is nil, and returns the path.
func Write(dir string, s Spec, sign Signer) (string, error) {
	var buf bytes.Buffer
	if err := s.Encode(&buf, sign); err != nil {
		return "", err
	}
	path := filepath.Join(dir, s.Filename())
	if err := writeFile(path, buf.Bytes()); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return path, nil
}

// WriteRepos writes every spec under root/<spec.Repo>/Packages/ and
// returns each repo's directory by name, ready for createrepo_c or
// rockyiso's repodata writer.
func WriteRepos(root string, specs []Spec, sign Signer) (map[string]string, error) {
	dirs := map[string]string{}
	for _, s := range specs {
		dir := filepath.Join(root, s.Repo)
		if _, ok := dirs[s.Repo]; !ok {
			if err := os.MkdirAll(filepath.Join(dir, "Packages"), 0o755); err != nil {
				return nil, fmt.Errorf("creating repo %s: %w", s.Repo, err)
			}
			dirs[s.Repo] = dir
		}
		if _, err := Write(filepath.Join(dir, "Packages"), s, sign); err != nil {
			return nil, err
		}
	}
	return dirs, nil
}

func writeFile(path string, data []byte) error {
	return renameio.WriteFile(path, data, 0o644)
}
