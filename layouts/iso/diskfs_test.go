package iso

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diskfs/go-diskfs/filesystem/iso9660"

	"github.com/rockyiso/rockyiso/internal/isotest"
)

// diskfsFiles is a tree shaped like what trips ISO readers: dot files
// (go-diskfs v1.9.4's own reader drops their leading dot), names too long
// for ISO 9660 (Rock Ridge NM), directories deeper than 8 levels and
// varied modes. go-diskfs v1.9.4 writes them with DeepDirectories: its
// Rock Ridge relocation (CL/PL/RE) records directory sizes shorter than
// their records, which xorriso cannot follow and our reader rejects.
var diskfsFiles = []struct {
	path, data string
	mode       os.FileMode
}{
	{".treeinfo", "[general]\nfamily = CentOS\n", 0o644},
	{".discinfo", "1587405659.913062\n7\nx86_64\n", 0o644},
	{"isolinux/isolinux.cfg", "default vesamenu.c32\n", 0o444},
	{"repodata/" + strings.Repeat("0123456789abcdef", 4) + "-primary.xml.gz", "primary", 0o644},
	{"Packages/python2-oslo-config-6.4.1-1.el7.noarch.rpm", "rpm", 0o644},
	{"a/b/c/d/e/f/g/h/i/j/deep.txt", "deep", 0o600},
	{"firstboot", "#!/bin/sh\n", 0o755},
	{"empty", "", 0o644},
}

// writeDiskfs writes diskfsFiles with go-diskfs (Rock Ridge on, Joliet
// off, no relocation) and returns the image's path.
func writeDiskfs(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	for _, f := range diskfsFiles {
		p := filepath.Join(tree, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.data), f.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, f.mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "diskfs.iso")
	isotest.WriteISO(t, tree, out, iso9660.FinalizeOptions{RockRidge: true, DeepDirectories: true, VolumeIdentifier: "DISKFS_TEST"})
	return out
}

// TestReadDiskfs reads an image written by go-diskfs, a writer independent
// of ours: every name (dot files included), mode and content must survive.
func TestReadDiskfs(t *testing.T) {
	f, err := os.Open(writeDiskfs(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := readBase(f)
	if err != nil {
		t.Fatalf("reading a go-diskfs image: %v", err)
	}
	if b.label != "DISKFS_TEST" {
		t.Errorf("label %q, want DISKFS_TEST", b.label)
	}
	for _, want := range diskfsFiles {
		t.Run(want.path[:min(len(want.path), 24)], func(t *testing.T) {
			n := b.root.lookup(want.path)
			if n == nil || n.data == nil {
				t.Fatalf("%s not found", want.path)
			}
			got, err := readAll(n.data, 1<<20)
			if err != nil || string(got) != want.data {
				t.Errorf("%s = %q, %v; want %q", want.path, got, err, want.data)
			}
			if n.mode != want.mode {
				t.Errorf("%s mode %o, want %o", want.path, n.mode, want.mode)
			}
		})
	}
}
