package repomd_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func FuzzParseRepomd(f *testing.F) {
	f.Add([]byte(`<repomd><revision>1</revision><data type="primary"><checksum type="sha256">` +
		`0000000000000000000000000000000000000000000000000000000000000000</checksum><location href="repodata/p.xml.gz"/></data></repomd>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		md, err := repomd.ParseRepomd(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, r := range md.Records {
			if repomd.SafeHref(r.Location) != nil {
				t.Fatalf("unsafe location %q accepted", r.Location)
			}
		}
	})
}

func FuzzParsePrimary(f *testing.F) {
	f.Add([]byte(`<metadata><package type="rpm"><name>a</name><version epoch="0" ver="1" rel="1"/><checksum type="sha256" pkgid="YES">` +
		`0000000000000000000000000000000000000000000000000000000000000000</checksum><location href="a.rpm"/>` +
		`<format><rpm:requires><rpm:entry name="b" flags="GE" ver="1" pre="1"/></rpm:requires><file>/usr/bin/a</file></format></package></metadata>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = repomd.ParsePrimary(bytes.NewReader(b), func(p *repomd.Package) error {
			if p.Name == "" || repomd.SafeHref(p.Location) != nil {
				t.Fatalf("invalid package accepted: %+v", p)
			}
			return nil
		})
	})
}

func FuzzParseFilelistsOther(f *testing.F) {
	f.Add([]byte(`<filelists><package pkgid="x" name="a" arch="noarch"><version epoch="0" ver="1" rel="1"/><file type="dir">/a</file></package></filelists>`))
	f.Add([]byte(`<otherdata><package pkgid="x" name="a" arch="noarch"><version epoch="0" ver="1" rel="1"/><changelog author="me" date="1">- x</changelog></package></otherdata>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = repomd.ParseFilelists(bytes.NewReader(b), func(repomd.PackageRef, []repomd.File) error { return nil })
		_ = repomd.ParseOther(bytes.NewReader(b), func(repomd.PackageRef, []repomd.Changelog) error { return nil })
	})
}

func FuzzParseComps(f *testing.F) {
	f.Add([]byte(`<comps><group><id>core</id><name>Core</name><packagelist><packagereq type="mandatory">bash</packagereq></packagelist></group></comps>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := repomd.ParseComps(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, g := range c.Groups {
			if g.ID == "" {
				t.Fatal("group without id accepted")
			}
		}
	})
}

func FuzzDecompress(f *testing.F) {
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Add([]byte("BZh91AY&SY"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := repomd.Decompress(bytes.NewReader(b))
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(r, 1<<20))
	})
}
