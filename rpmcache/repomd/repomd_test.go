package repomd_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func dirOpener(dir string) repomd.Opener {
	return func(href string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, href)) }
}

func TestLoadCreaterepo099(t *testing.T) {
	dir := fixture.Path(t, "el7/repodata-el7-createrepo0.9.9")
	repo, err := repomd.Load(dirOpener(dir), repomd.Want{Filelists: true, Other: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(repo.Packages); got != 245 {
		t.Fatalf("got %d packages, want 245", got)
	}
	var withFiles, withLog, pre int
	for _, p := range repo.Packages {
		if p.Name == "" || p.Epoch == "" || p.Checksum.Type != "sha256" || p.HeaderEnd <= p.HeaderStart {
			t.Errorf("incomplete package %+v", p.Ref())
		}
		if len(p.Files) > 0 {
			withFiles++
		}
		if len(p.Changelogs) > 0 {
			withLog++
		}
		for _, r := range p.Requires {
			if r.Pre {
				pre++
			}
		}
	}
	if withFiles < 200 || withLog < 200 || pre == 0 {
		t.Errorf("files in %d, changelogs in %d packages, %d pre requires: merge lost data", withFiles, withLog, pre)
	}
}

func TestRecordOpenRejectsTampering(t *testing.T) {
	plain := []byte("<metadata packages=\"0\"></metadata>")
	gz := gzipped(t, plain)
	good := repomd.Record{Type: "primary", Location: "repodata/p.xml.gz",
		Checksum: sum(gz), OpenChecksum: sum(plain), Size: int64(len(gz)), OpenSize: int64(len(plain))}
	tampered := append(bytes.Clone(gz[:len(gz)-8]), 0, 0, 0, 0, 0, 0, 0, 0)
	badOpen := good
	badOpen.OpenChecksum = sum([]byte("other"))
	badSize := good
	badSize.Size++
	tests := []struct {
		name string
		rec  repomd.Record
		data []byte
		want error
	}{
		{"good", good, gz, nil},
		{"tampered bytes", good, tampered, errAny},
		{"open-checksum mismatch", badOpen, gz, repomd.ErrChecksum},
		{"size mismatch", badSize, gz, repomd.ErrChecksum},
		{"trailing garbage", good, append(bytes.Clone(gz), 'x'), repomd.ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(tt.rec, tt.data)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.want != nil && err == nil:
				t.Fatal("tampered metadata accepted")
			case tt.want != nil && tt.want != errAny && !errors.Is(err, tt.want):
				t.Fatalf("error %v is not %v", err, tt.want)
			}
		})
	}
}

var errAny = errors.New("any error")

func readAll(rec repomd.Record, data []byte) error {
	rc, err := rec.Open(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if _, err := io.ReadAll(rc); err != nil {
		rc.Close()
		return err
	}
	return rc.Close()
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sum(b []byte) repomd.Checksum {
	s := sha256.Sum256(b)
	return repomd.Checksum{Type: "sha256", Value: hex.EncodeToString(s[:])}
}

func TestSafeHref(t *testing.T) {
	tests := []struct {
		href string
		ok   bool
	}{
		{"Packages/a-1-1.noarch.rpm", true},
		{"repodata/x-primary.xml.gz", true},
		{"a/..b/c.rpm", true},
		{"../etc/passwd", false},
		{"Packages/../../x.rpm", false},
		{"/etc/passwd", false},
		{"http://evil/x.rpm", false},
		{"file:///etc/passwd", false},
		{"c:/x.rpm", false},
		{"a\\..\\b.rpm", false},
		{"", false},
		{"..", false},
	}
	for _, tt := range tests {
		t.Run(tt.href, func(t *testing.T) {
			err := repomd.SafeHref(tt.href)
			if (err == nil) != tt.ok {
				t.Fatalf("SafeHref(%q) = %v, want ok=%v", tt.href, err, tt.ok)
			}
		})
	}
}

func TestParsePrimaryRejectsEscapingHref(t *testing.T) {
	doc := fmt.Sprintf(`<metadata><package type="rpm"><name>x</name><version epoch="0" ver="1" rel="1"/>`+
		`<checksum type="sha256" pkgid="YES">%s</checksum><location href="../../x.rpm"/></package></metadata>`, strings.Repeat("a", 64))
	_, err := repomd.ReadPrimary(strings.NewReader(doc))
	if !errors.Is(err, repomd.ErrMetadata) || !strings.Contains(err.Error(), "escapes") {
		t.Fatalf("got %v, want an escaping-href error", err)
	}
}

func TestParseRepomdRejectsEscapingLocation(t *testing.T) {
	doc := fmt.Sprintf(`<repomd><data type="primary"><checksum type="sha256">%s</checksum>`+
		`<location href="/etc/shadow"/></data></repomd>`, strings.Repeat("b", 64))
	if _, err := repomd.ParseRepomd(strings.NewReader(doc)); !errors.Is(err, repomd.ErrMetadata) {
		t.Fatalf("got %v, want ErrMetadata", err)
	}
}

func TestDecompressFormats(t *testing.T) {
	want := []byte("hello metadata")
	for _, name := range []string{"plain", "gzip", "bzip2", "xz"} {
		t.Run(name, func(t *testing.T) {
			data := compress(t, name, want)
			r, err := repomd.Decompress(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}
