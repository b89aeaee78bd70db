package repomd

import (
	"encoding/xml"
	"fmt"
	"io"
)

// PackageRef identifies a package in filelists.xml and other.xml: its
// pkgid (checksum) and NEVRA.
type PackageRef struct {
	PkgID   string
	Name    string
	Arch    string
	Epoch   string
	Version string
	Release string
}

type refXML struct {
	PkgID   string     `xml:"pkgid,attr"`
	Name    string     `xml:"name,attr"`
	Arch    string     `xml:"arch,attr"`
	Version versionXML `xml:"version"`
}

func (x refXML) ref(n int, doc string) (PackageRef, error) {
	r := PackageRef{PkgID: x.PkgID, Name: x.Name, Arch: x.Arch,
		Epoch: x.Version.Epoch, Version: x.Version.Ver, Release: x.Version.Rel}
	if r.PkgID == "" || r.Name == "" {
		return r, fmt.Errorf("%w: %s package #%d has no pkgid or name", ErrMetadata, doc, n)
	}
	return r, nil
}

// ParseFilelists reads filelists.xml and calls fn with every package's
// full file list, in document order.
func ParseFilelists(r io.Reader, fn func(PackageRef, []File) error) error {
	return eachPackage(r, "filelists", func(d *xml.Decoder, se *xml.StartElement, n int) error {
		var x struct {
			refXML
			Files []fileXML `xml:"file"`
		}
		if err := d.DecodeElement(&x, se); err != nil {
			return fmt.Errorf("%w: filelists package #%d: %w", ErrMetadata, n, err)
		}
		ref, err := x.ref(n, "filelists")
		if err != nil {
			return err
		}
		return fn(ref, files(x.Files))
	})
}

// ParseOther reads other.xml and calls fn with every package's
// changelog entries, in document order.
func ParseOther(r io.Reader, fn func(PackageRef, []Changelog) error) error {
	return eachPackage(r, "otherdata", func(d *xml.Decoder, se *xml.StartElement, n int) error {
		var x struct {
			refXML
			Changelogs []struct {
				Author string `xml:"author,attr"`
				Date   int64  `xml:"date,attr"`
				Text   string `xml:",chardata"`
			} `xml:"changelog"`
		}
		if err := d.DecodeElement(&x, se); err != nil {
			return fmt.Errorf("%w: other package #%d: %w", ErrMetadata, n, err)
		}
		ref, err := x.ref(n, "other")
		if err != nil {
			return err
		}
		var cl []Changelog
		for _, c := range x.Changelogs {
			cl = append(cl, Changelog{Author: c.Author, Date: c.Date, Text: c.Text})
		}
		return fn(ref, cl)
	})
}

// Ref returns the package's filelists/other identity.
func (p *Package) Ref() PackageRef {
	return PackageRef{PkgID: p.Checksum.Value, Name: p.Name, Arch: p.Arch,
		Epoch: p.Epoch, Version: p.Version, Release: p.Release}
}
