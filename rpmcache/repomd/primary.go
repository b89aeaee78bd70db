package repomd

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
)

type primaryXML struct {
	Type     string      `xml:"type,attr"`
	Name     string      `xml:"name"`
	Arch     string      `xml:"arch"`
	Version  versionXML  `xml:"version"`
	Checksum checksumXML `xml:"checksum"`
	Summary  string      `xml:"summary"`
	Desc     string      `xml:"description"`
	Packager string      `xml:"packager"`
	URL      string      `xml:"url"`
	Time     struct {
		File  int64 `xml:"file,attr"`
		Build int64 `xml:"build,attr"`
	} `xml:"time"`
	Size struct {
		Package   int64 `xml:"package,attr"`
		Installed int64 `xml:"installed,attr"`
		Archive   int64 `xml:"archive,attr"`
	} `xml:"size"`
	Location struct {
		Href string `xml:"href,attr"`
		Base string `xml:"base,attr"`
	} `xml:"location"`
	Format formatXML `xml:"format"`
}

type versionXML struct {
	Epoch string `xml:"epoch,attr"`
	Ver   string `xml:"ver,attr"`
	Rel   string `xml:"rel,attr"`
}

type formatXML struct {
	License     string `xml:"license"`
	Vendor      string `xml:"vendor"`
	Group       string `xml:"group"`
	BuildHost   string `xml:"buildhost"`
	SourceRPM   string `xml:"sourcerpm"`
	HeaderRange struct {
		Start int64 `xml:"start,attr"`
		End   int64 `xml:"end,attr"`
	} `xml:"header-range"`
	Provides    []depXML  `xml:"provides>entry"`
	Requires    []depXML  `xml:"requires>entry"`
	Conflicts   []depXML  `xml:"conflicts>entry"`
	Obsoletes   []depXML  `xml:"obsoletes>entry"`
	Suggests    []depXML  `xml:"suggests>entry"`
	Enhances    []depXML  `xml:"enhances>entry"`
	Recommends  []depXML  `xml:"recommends>entry"`
	Supplements []depXML  `xml:"supplements>entry"`
	Files       []fileXML `xml:"file"`
}

type depXML struct {
	Name  string `xml:"name,attr"`
	Flags string `xml:"flags,attr"`
	Epoch string `xml:"epoch,attr"`
	Ver   string `xml:"ver,attr"`
	Rel   string `xml:"rel,attr"`
	Pre   string `xml:"pre,attr"`
}

type fileXML struct {
	Type string `xml:"type,attr"`
	Path string `xml:",chardata"`
}

// ParsePrimary reads primary.xml and calls fn with each package in
// document order. It stops at fn's first error. Packages whose location
// escapes the repository, or that lack a name or checksum, are errors.
func ParsePrimary(r io.Reader, fn func(*Package) error) error {
	return eachPackage(r, "metadata", func(d *xml.Decoder, se *xml.StartElement, n int) error {
		var x primaryXML
		if err := d.DecodeElement(&x, se); err != nil {
			return fmt.Errorf("%w: primary package #%d: %w", ErrMetadata, n, err)
		}
		p, err := x.pkg()
		if err != nil {
			return fmt.Errorf("%w: primary package #%d (%s): %w", ErrMetadata, n, x.Name, err)
		}
		return fn(p)
	})
}

// ReadPrimary reads all of primary.xml into memory.
func ReadPrimary(r io.Reader) ([]*Package, error) {
	var pkgs []*Package
	err := ParsePrimary(r, func(p *Package) error {
		pkgs = append(pkgs, p)
		return nil
	})
	return pkgs, err
}

func (x *primaryXML) pkg() (*Package, error) {
	f := &x.Format
	p := &Package{
		Name: x.Name, Arch: x.Arch,
		Epoch: x.Version.Epoch, Version: x.Version.Ver, Release: x.Version.Rel,
		Checksum: x.Checksum.checksum(), Summary: x.Summary, Description: x.Desc,
		Packager: x.Packager, URL: x.URL,
		TimeFile: x.Time.File, TimeBuild: x.Time.Build,
		SizePackage: x.Size.Package, SizeInstalled: x.Size.Installed, SizeArchive: x.Size.Archive,
		Location: x.Location.Href, LocationBase: x.Location.Base,
		License: f.License, Vendor: f.Vendor, Group: f.Group, BuildHost: f.BuildHost, SourceRPM: f.SourceRPM,
		HeaderStart: f.HeaderRange.Start, HeaderEnd: f.HeaderRange.End,
		Provides: deps(f.Provides), Requires: deps(f.Requires),
		Conflicts: deps(f.Conflicts), Obsoletes: deps(f.Obsoletes),
		Suggests: deps(f.Suggests), Enhances: deps(f.Enhances),
		Recommends: deps(f.Recommends), Supplements: deps(f.Supplements),
		Files: files(f.Files),
	}
	return p, p.validate()
}

func (p *Package) validate() error {
	switch {
	case p.Name == "":
		return errors.New("no name")
	case p.Checksum.Value == "":
		return errors.New("no checksum")
	}
	if err := checkDigest(p.Checksum); err != nil {
		return err
	}
	if _, err := strconv.ParseUint(p.Epoch, 10, 64); p.Epoch != "" && err != nil {
		return fmt.Errorf("epoch %q is not a number", p.Epoch)
	}
	return SafeHref(p.Location)
}

func deps(xs []depXML) []Dep {
	if len(xs) == 0 {
		return nil
	}
	out := make([]Dep, len(xs))
	for i, x := range xs {
		out[i] = Dep{Name: x.Name, Flags: x.Flags, Epoch: x.Epoch, Version: x.Ver, Release: x.Rel,
			Pre: x.Pre == "1" || x.Pre == "true"}
	}
	return out
}

func files(xs []fileXML) []File {
	if len(xs) == 0 {
		return nil
	}
	out := make([]File, len(xs))
	for i, x := range xs {
		t := x.Type
		if t == "file" {
			t = ""
		}
		out[i] = File{Path: x.Path, Type: t}
	}
	return out
}

// eachPackage walks a metadata document whose root element is root and
// hands every <package> start element to fn.
func eachPackage(r io.Reader, root string, fn func(*xml.Decoder, *xml.StartElement, int) error) error {
	d := xml.NewDecoder(r)
	sawRoot, n := false, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%w: parsing %s: %w", ErrMetadata, root, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case !sawRoot && se.Name.Local != root:
			return fmt.Errorf("%w: root element is <%s>, want <%s>", ErrMetadata, se.Name.Local, root)
		case !sawRoot:
			sawRoot = true
		case se.Name.Local == "package":
			n++
			if err := fn(d, &se, n); err != nil {
				return err
			}
		default:
			if err := d.Skip(); err != nil {
				return fmt.Errorf("%w: parsing %s: %w", ErrMetadata, root, err)
			}
		}
	}
	if !sawRoot {
		return fmt.Errorf("%w: no <%s> element", ErrMetadata, root)
	}
	return nil
}
