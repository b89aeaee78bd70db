package repodata

import (
	"bytes"
	"strconv"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// XML namespaces and document heads of the createrepo schema.
const (
	nsCommon    = "http://linux.duke.edu/metadata/common"
	nsRPM       = "http://linux.duke.edu/metadata/rpm"
	nsFilelists = "http://linux.duke.edu/metadata/filelists"
	nsOther     = "http://linux.duke.edu/metadata/other"
	nsRepo      = "http://linux.duke.edu/metadata/repo"
	xmlDecl     = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
)

func primaryHead(n int) string {
	return xmlDecl + `<metadata xmlns="` + nsCommon + `" xmlns:rpm="` + nsRPM + `" packages="` + strconv.Itoa(n) + "\">\n"
}

func filelistsHead(n int) string {
	return xmlDecl + `<filelists xmlns="` + nsFilelists + `" packages="` + strconv.Itoa(n) + "\">\n"
}

func otherHead(n int) string {
	return xmlDecl + `<otherdata xmlns="` + nsOther + `" packages="` + strconv.Itoa(n) + "\">\n"
}

// chunks is a package's rendered entry in each of the three documents.
type chunks struct {
	primary, filelists, other []byte
}

func render(p *repomd.Package) chunks {
	var pb, fb, ob bytes.Buffer
	writePrimary(&pb, p)
	writeFilelists(&fb, p)
	writeOther(&ob, p)
	return chunks{pb.Bytes(), fb.Bytes(), ob.Bytes()}
}

type xw struct{ *bytes.Buffer }

// s and c write to the buffer, which cannot fail; s takes pieces rather
// than a concatenation, which would allocate.
func (w xw) s(parts ...string) {
	for _, p := range parts {
		_, _ = w.WriteString(p)
	}
}
func (w xw) c(b byte) { _ = w.WriteByte(b) }

func (w xw) elem(indent, name, text string) {
	w.s(indent, "<", name, ">")
	escape(w.Buffer, text, false)
	w.s("</", name, ">\n")
}

func (w xw) attr(name, value string) {
	w.s(" ", name, `="`)
	escape(w.Buffer, value, true)
	w.c('"')
}

func (w xw) version(p *repomd.Package) {
	w.s("  <version")
	w.attr("epoch", p.Epoch)
	w.attr("ver", p.Version)
	w.attr("rel", p.Release)
	w.s("/>\n")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func writePrimary(b *bytes.Buffer, p *repomd.Package) {
	w := xw{b}
	w.s("<package type=\"rpm\">\n")
	w.elem("  ", "name", p.Name)
	w.elem("  ", "arch", p.Arch)
	w.version(p)
	w.s("  <checksum")
	w.attr("type", p.Checksum.Type)
	w.s(` pkgid="YES">`, p.Checksum.Value, "</checksum>\n")
	w.elem("  ", "summary", p.Summary)
	w.elem("  ", "description", p.Description)
	w.elem("  ", "packager", p.Packager)
	w.elem("  ", "url", p.URL)
	w.s(`  <time file="`, itoa(p.TimeFile), `" build="`, itoa(p.TimeBuild), "\"/>\n")
	w.s(`  <size package="`, itoa(p.SizePackage), `" installed="`, itoa(p.SizeInstalled),
		`" archive="`, itoa(p.SizeArchive), "\"/>\n")
	w.s("  <location")
	if p.LocationBase != "" {
		w.attr("xml:base", p.LocationBase)
	}
	w.attr("href", p.Location)
	w.s("/>\n  <format>\n")
	writeFormat(w, p)
	w.s("  </format>\n</package>\n")
}

func writeFormat(w xw, p *repomd.Package) {
	w.elem("    ", "rpm:license", p.License)
	w.elem("    ", "rpm:vendor", p.Vendor)
	w.elem("    ", "rpm:group", p.Group)
	w.elem("    ", "rpm:buildhost", p.BuildHost)
	w.elem("    ", "rpm:sourcerpm", p.SourceRPM)
	w.s(`    <rpm:header-range start="`, itoa(p.HeaderStart), `" end="`, itoa(p.HeaderEnd), "\"/>\n")
	for _, rel := range []struct {
		name string
		deps []repomd.Dep
	}{
		{"provides", p.Provides}, {"requires", p.Requires}, {"conflicts", p.Conflicts}, {"obsoletes", p.Obsoletes},
		{"suggests", p.Suggests}, {"enhances", p.Enhances}, {"recommends", p.Recommends}, {"supplements", p.Supplements},
	} {
		writeDeps(w, rel.name, rel.deps)
	}
	writeFiles(w, "    ", p.Files, true)
}

func writeDeps(w xw, name string, deps []repomd.Dep) {
	if len(deps) == 0 {
		return
	}
	w.s("    <rpm:", name, ">\n")
	for _, d := range deps {
		if d.Name == "" {
			continue
		}
		w.s("      <rpm:entry")
		w.attr("name", d.Name)
		if d.Flags != "" {
			w.attr("flags", d.Flags)
			optAttr(w, "epoch", d.Epoch)
			optAttr(w, "ver", d.Version)
			optAttr(w, "rel", d.Release)
		}
		if d.Pre && name == "requires" {
			w.s(` pre="1"`)
		}
		w.s("/>\n")
	}
	w.s("    </rpm:", name, ">\n")
}

func optAttr(w xw, name, v string) {
	if v != "" {
		w.attr(name, v)
	}
}

func writeFiles(w xw, indent string, files []repomd.File, primaryOnly bool) {
	for _, f := range files {
		if primaryOnly && !repomd.IsPrimaryFile(f.Path) {
			continue
		}
		w.s(indent, "<file")
		if f.Type != "" {
			w.attr("type", f.Type)
		}
		w.c('>')
		escape(w.Buffer, f.Path, false)
		w.s("</file>\n")
	}
}

func writeRef(w xw, p *repomd.Package) {
	w.s("<package")
	w.attr("pkgid", p.Checksum.Value)
	w.attr("name", p.Name)
	w.attr("arch", p.Arch)
	w.s(">\n")
	w.version(p)
}

func writeFilelists(b *bytes.Buffer, p *repomd.Package) {
	w := xw{b}
	writeRef(w, p)
	writeFiles(w, "  ", p.Files, false)
	w.s("</package>\n")
}

func writeOther(b *bytes.Buffer, p *repomd.Package) {
	w := xw{b}
	writeRef(w, p)
	for _, c := range p.Changelogs {
		w.s("  <changelog")
		w.attr("author", c.Author)
		w.s(` date="`, itoa(c.Date), `">`)
		escape(b, c.Text, false)
		w.s("</changelog>\n")
	}
	w.s("</package>\n")
}

// escape writes s as XML character data the way libxml2 does, with
// whitespace kept in attribute values by character references.
func escape(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#13;"
		case '"', '\n', '\t':
			if !attr {
				continue
			}
			esc = map[byte]string{'"': "&quot;", '\n': "&#10;", '\t': "&#9;"}[s[i]]
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
