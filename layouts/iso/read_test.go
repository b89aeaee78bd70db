package iso

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeSmall writes a small image with our writer and returns its bytes.
func writeSmall(t testing.TB, files map[string]string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "small.iso")
	var fs []File
	for p, d := range files {
		fs = append(fs, File{Path: p, Data: []byte(d), Mode: 0o640})
	}
	err := BuildOEMDRV(context.Background(), OEMDRVOptions{Out: out, Kickstart: []byte("text\n"), Files: fs, Now: time.Unix(1e9, 0)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadBack reads what the writer wrote: Rock Ridge names (some in
// continuation areas), modes and contents.
func TestReadBack(t *testing.T) {
	files := map[string]string{
		".treeinfo":                          "[general]\n",
		strings.Repeat("x", 200) + ".xml.gz": "long",
		"repo/repodata/repomd.xml":           "<repomd/>",
		"a/b/c/d/e/f/g/h/i/deep":             "deep",
	}
	img := writeSmall(t, files)
	b, err := readBase(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if b.label != "OEMDRV" {
		t.Errorf("label %q", b.label)
	}
	files["ks.cfg"] = "text\n"
	for p, want := range files {
		t.Run(p[:min(len(p), 20)], func(t *testing.T) {
			n := b.root.lookup(p)
			if n == nil || n.data == nil {
				t.Fatalf("%s not found", p)
			}
			got, err := readAll(n.data, 1<<20)
			if err != nil || string(got) != want {
				t.Errorf("%s = %q, %v", p, got, err)
			}
			if wantMode := map[bool]os.FileMode{true: 0o444, false: 0o640}[p == "ks.cfg"]; n.mode != wantMode {
				t.Errorf("%s mode %o, want %o", p, n.mode, wantMode)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		img  []byte
		want error
	}{
		{"zeros", make([]byte, 40*sectorSize), ErrNotISO},
		{"no-terminator", bytes.Repeat(append([]byte{2, 'C', 'D', '0', '0', '1'}, make([]byte, sectorSize-6)...), 100), ErrNotISO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := readBase(bytes.NewReader(tt.img)); !errors.Is(err, tt.want) {
				t.Fatalf("readBase error %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzReadBase(f *testing.F) {
	f.Add(writeSmall(f, map[string]string{"a/b": "x", strings.Repeat("n", 180): "y"}))
	diskfs, err := os.ReadFile(writeDiskfs(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(diskfs)
	f.Fuzz(func(t *testing.T, img []byte) {
		b, err := readBase(bytes.NewReader(img))
		if err != nil {
			return
		}
		b.root.walk(func(n *node) {
			if n.name == "." || n.name == ".." || strings.Contains(n.name, "/") {
				t.Fatalf("bad name %q", n.name)
			}
		})
	})
}

// TestVolumeOpen reads files back through the exported Volume.
func TestVolumeOpen(t *testing.T) {
	img := writeSmall(t, map[string]string{"repo/repodata/repomd.xml": "<repomd/>"})
	v, err := OpenVolume(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	if v.Label() != "OEMDRV" {
		t.Errorf("label %q, want OEMDRV", v.Label())
	}
	tests := []struct {
		name, path, want string
		err              error
	}{
		{"file", "repo/repodata/repomd.xml", "<repomd/>", nil},
		{"leading-slash", "/ks.cfg", "text\n", nil},
		{"missing", "repo/nothing", "", fs.ErrNotExist},
		{"directory", "repo/repodata", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := v.Open(tt.path)
			if tt.want == "" {
				if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
					t.Fatalf("Open(%q) = %v, want an error (%v)", tt.path, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil || string(got) != tt.want {
				t.Errorf("Open(%q) read %q, %v; want %q", tt.path, got, err, tt.want)
			}
		})
	}
}
