package repomd

import "strings"

// Package is one package entry of a repository, the union of what
// primary, filelists and other say about it. A package read from primary
// alone holds only the primary subset of its files (see IsPrimaryFile)
// and no changelogs; Merge adds the rest.
type Package struct {
	Name    string
	Arch    string
	Epoch   string // decimal, "0" when the package has none
	Version string
	Release string

	Checksum    Checksum // the package file's checksum, its pkgid
	Summary     string
	Description string
	Packager    string
	URL         string

	TimeFile      int64 // the package file's mtime
	TimeBuild     int64
	SizePackage   int64
	SizeInstalled int64
	SizeArchive   int64

	Location     string // href relative to the repository root
	LocationBase string // xml:base, empty for most repositories

	License   string
	Vendor    string
	Group     string
	BuildHost string
	SourceRPM string

	HeaderStart int64 // rpm:header-range
	HeaderEnd   int64

	Provides    []Dep
	Requires    []Dep
	Conflicts   []Dep
	Obsoletes   []Dep
	Suggests    []Dep
	Enhances    []Dep
	Recommends  []Dep
	Supplements []Dep

	Files      []File
	Changelogs []Changelog
}

// Checksum is a typed hex digest ("sha256", "sha1", "md5", ...).
type Checksum struct {
	Type  string
	Value string
}

// Dep is one rpm:entry of provides, requires and the other relations.
// Flags is "", "EQ", "LT", "LE", "GT" or "GE"; Epoch, Version and Release
// are empty when the dependency names no version.
type Dep struct {
	Name    string
	Flags   string
	Epoch   string
	Version string
	Release string
	Pre     bool // requires only: needed by a %pre/%post scriptlet
}

// File is one file of a package. Type is "" for a regular file, "dir" or
// "ghost".
type File struct {
	Path string
	Type string
}

// Changelog is one changelog entry; Date is seconds since the epoch.
type Changelog struct {
	Author string
	Date   int64
	Text   string
}

// NEVRA returns name-[epoch:]version-release.arch, the usual display form.
func (p *Package) NEVRA() string {
	evr := p.Version + "-" + p.Release
	if p.Epoch != "" && p.Epoch != "0" {
		evr = p.Epoch + ":" + evr
	}
	return p.Name + "-" + evr + "." + p.Arch
}

// IsPrimaryFile reports whether a file belongs in primary.xml besides
// filelists.xml, by createrepo's rule: anything under /etc/, anything with
// "bin/" in its path, and /usr/lib/sendmail.
func IsPrimaryFile(path string) bool {
	return strings.HasPrefix(path, "/etc/") ||
		path == "/usr/lib/sendmail" ||
		strings.Contains(path, "bin/")
}
