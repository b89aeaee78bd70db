package repomd

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
)

// ErrMetadata is wrapped by every error about malformed or unsafe
// metadata, so callers can tell bad input from I/O failures.
var ErrMetadata = errors.New("repomd: bad metadata")

// Repomd is a parsed repomd.xml: the index of a repository's metadata.
type Repomd struct {
	Revision string
	Records  []Record
}

// Record is one <data> element of repomd.xml.
type Record struct {
	Type            string // primary, filelists, other, primary_db, group, group_gz, ...
	Location        string // href relative to the repository root
	Checksum        Checksum
	OpenChecksum    Checksum // of the uncompressed content; empty for plain files
	Size            int64
	OpenSize        int64
	Timestamp       int64
	DatabaseVersion int
}

type repomdXML struct {
	XMLName  xml.Name    `xml:"repomd"`
	Revision string      `xml:"revision"`
	Data     []recordXML `xml:"data"`
}

type recordXML struct {
	Type         string      `xml:"type,attr"`
	Checksum     checksumXML `xml:"checksum"`
	OpenChecksum checksumXML `xml:"open-checksum"`
	Location     struct {
		Href string `xml:"href,attr"`
	} `xml:"location"`
	Timestamp       int64 `xml:"timestamp"`
	Size            int64 `xml:"size"`
	OpenSize        int64 `xml:"open-size"`
	DatabaseVersion int   `xml:"database_version"`
}

type checksumXML struct {
	Type  string `xml:"type,attr"`
	PkgID string `xml:"pkgid,attr"`
	Value string `xml:",chardata"`
}

// ParseRepomd reads repomd.xml. It rejects records without a type, a
// location inside the repository or a checksum of a known type.
func ParseRepomd(r io.Reader) (*Repomd, error) {
	var x repomdXML
	if err := xml.NewDecoder(r).Decode(&x); err != nil {
		return nil, fmt.Errorf("%w: parsing repomd.xml: %w", ErrMetadata, err)
	}
	md := &Repomd{Revision: x.Revision}
	for i, d := range x.Data {
		rec, err := d.record()
		if err != nil {
			return nil, fmt.Errorf("%w: repomd.xml data #%d (type %q): %w", ErrMetadata, i+1, d.Type, err)
		}
		md.Records = append(md.Records, rec)
	}
	return md, nil
}

func (d recordXML) record() (Record, error) {
	rec := Record{
		Type:            d.Type,
		Location:        d.Location.Href,
		Checksum:        d.Checksum.checksum(),
		OpenChecksum:    d.OpenChecksum.checksum(),
		Size:            d.Size,
		OpenSize:        d.OpenSize,
		Timestamp:       d.Timestamp,
		DatabaseVersion: d.DatabaseVersion,
	}
	if rec.Type == "" {
		return rec, errors.New("no type attribute")
	}
	if err := SafeHref(rec.Location); err != nil {
		return rec, err
	}
	if err := checkDigest(rec.Checksum); err != nil {
		return rec, fmt.Errorf("checksum: %w", err)
	}
	if rec.OpenChecksum.Value != "" {
		if err := checkDigest(rec.OpenChecksum); err != nil {
			return rec, fmt.Errorf("open-checksum: %w", err)
		}
	}
	if rec.Size < 0 || rec.OpenSize < 0 {
		return rec, errors.New("negative size")
	}
	return rec, nil
}

func (c checksumXML) checksum() Checksum {
	return Checksum{Type: c.Type, Value: trimSpace(c.Value)}
}

// Record returns the record of the given type, or false.
func (md *Repomd) Record(typ string) (Record, bool) {
	for _, r := range md.Records {
		if r.Type == typ {
			return r, true
		}
	}
	return Record{}, false
}

// SortRecords puts records in createrepo_c's order: primary, filelists,
// other, their databases, then the rest by type.
func (md *Repomd) SortRecords() {
	rank := map[string]int{"primary": 1, "filelists": 2, "other": 3, "primary_db": 4, "filelists_db": 5, "other_db": 6}
	sort.SliceStable(md.Records, func(i, j int) bool {
		a, b := md.Records[i].Type, md.Records[j].Type
		ra, rb := rank[a], rank[b]
		if ra == 0 {
			ra = 100
		}
		if rb == 0 {
			rb = 100
		}
		if ra != rb {
			return ra < rb
		}
		return a < b
	})
}
