package iso

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// TestFATWrite replaces a file inside FAT12, FAT16 and FAT32 images made by
// mkfs.fat, then reads it back with mtools and checks with fsck.fat.
func TestFATWrite(t *testing.T) {
	mkfs := fixture.Tool(t, "mkfs.fat")
	tests := []struct {
		name, bits, kib string
		size            int
	}{
		{"fat12-shrink", "12", "4096", 100},
		{"fat12-grow", "12", "4096", 70000},
		{"fat16-grow", "16", "16384", 9000},
		{"fat32-grow", "32", "40960", 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := filepath.Join(t.TempDir(), "efiboot.img")
			mustRun(t, mkfs, "-F", tt.bits, "-C", img, tt.kib)
			cfg := filepath.Join(t.TempDir(), "grub.cfg")
			if err := os.WriteFile(cfg, bytes.Repeat([]byte("old line\n"), 300), 0o644); err != nil {
				t.Fatal(err)
			}
			mustRun(t, fixture.Tool(t, "mmd"), "-i", img, "::/EFI", "::/EFI/BOOT")
			mustRun(t, fixture.Tool(t, "mcopy"), "-i", img, cfg, "::/EFI/BOOT/grub.cfg")
			mustRun(t, "mcopy", "-i", img, cfg, "::/EFI/BOOT/other.cfg")
			data, err := os.ReadFile(img)
			if err != nil {
				t.Fatal(err)
			}
			fs, err := openFAT(data)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := fs.readFile("EFI/BOOT/GRUB.CFG"); err != nil || !bytes.HasPrefix(got, []byte("old line\n")) {
				t.Fatalf("readFile: %q, %v", got[:min(len(got), 20)], err)
			}
			want := bytes.Repeat([]byte("n"), tt.size)
			if err := fs.writeFile("EFI/BOOT/grub.cfg", want); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(img, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if got := mustRun(t, fixture.Tool(t, "mtype"), "-i", img, "::/EFI/BOOT/grub.cfg"); got != string(want) {
				t.Errorf("mtype read %d bytes, want %d", len(got), len(want))
			}
			if got := mustRun(t, "mtype", "-i", img, "::/EFI/BOOT/other.cfg"); !strings.HasPrefix(got, "old line") {
				t.Error("the neighbouring file was damaged")
			}
			mustRun(t, fixture.Tool(t, "fsck.fat"), "-n", img)
		})
	}
}

func TestFATErrors(t *testing.T) {
	tests := []struct {
		name string
		img  []byte
	}{
		{"empty", nil},
		{"no-signature", make([]byte, 1024)},
		{"zero-bpb", append(make([]byte, 510), 0x55, 0xAA)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := openFAT(tt.img); err == nil {
				t.Fatal("openFAT accepted a non-FAT image")
			}
		})
	}
}

// tinyFAT12 is a 32 KiB FAT12 image holding EFI/BOOT/GRUB.CFG, made by
// hand as a fuzzing seed.
func tinyFAT12() []byte {
	b := make([]byte, 64*512)
	copy(b[11:], []byte{0, 2, 1, 1, 0, 2, 16, 0, 64, 0, 0xF8, 1, 0})
	b[510], b[511] = 0x55, 0xAA
	fat := b[512:1024]
	copy(fat, []byte{0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}) // clusters 2, 3, 4 end chains
	dirent := func(at []byte, name string, attr byte, clus uint16, size uint32) {
		copy(at, name)
		at[11] = attr
		binary.LittleEndian.PutUint16(at[26:], clus)
		binary.LittleEndian.PutUint32(at[28:], size)
	}
	root := b[3*512:]
	data := func(c int) []byte { return b[(4+c-2)*512:] }
	dirent(root, "EFI        ", 0x10, 2, 0)
	dirent(data(2), "BOOT       ", 0x10, 3, 0)
	dirent(data(3), "GRUB    CFG", 0x20, 4, 14)
	copy(data(4), "set timeout=5\n")
	return b
}

func TestTinyFAT(t *testing.T) {
	fs, err := openFAT(tinyFAT12())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fs.readFile("EFI/BOOT/grub.cfg"); err != nil || string(got) != "set timeout=5\n" {
		t.Fatalf("readFile = %q, %v", got, err)
	}
	if err := fs.writeFile("EFI/BOOT/grub.cfg", bytes.Repeat([]byte("x"), 1500)); err != nil {
		t.Fatal(err)
	}
	if got, err := fs.readFile("EFI/BOOT/grub.cfg"); err != nil || len(got) != 1500 {
		t.Fatalf("after write: %d bytes, %v", len(got), err)
	}
}

func FuzzFAT(f *testing.F) {
	f.Add(tinyFAT12())
	f.Fuzz(func(t *testing.T, img []byte) {
		fs, err := openFAT(img)
		if err != nil {
			return
		}
		if _, err := fs.readFile("EFI/BOOT/grub.cfg"); err != nil {
			return
		}
		_ = fs.writeFile("EFI/BOOT/grub.cfg", []byte("set timeout=1\n"))
	})
}

func mustRun(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}
