package isotest

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/diskfs/go-diskfs/backend/file"
	"github.com/diskfs/go-diskfs/filesystem/iso9660"
)

// isohybrid MBR layout (syslinux isohybrid, as on CentOS 7 media).
const (
	mbrCodeSize   = 432 // isohdpfx.bin
	mbrBootLBA    = 432 // boot file's first 512-byte sector, little-endian
	mbrDiskID     = 440
	mbrPartitions = 446
	cylinder      = 64 * 32 * 512 // isohybrid pads images to whole cylinders
	isoSector     = 2048
)

// assemble writes tree as an ISO at out with go-diskfs, as lorax lays out
// CentOS 7 media: El Torito BIOS (isolinux, no emulation, boot info table,
// load size 4) and UEFI (images/efiboot.img) entries, Rock Ridge, no
// Joliet (go-diskfs v1.9.4 then moves the boot record to sector 18 and
// SeaBIOS cannot boot), the label Label, and an isohybrid MBR.
func assemble(t testing.TB, tree, out string) {
	t.Helper()
	WriteISO(t, tree, out, finalizeOptions())
	isohybrid(t, out, readFile(t, isolinuxDir+"/isohdpfx.bin"))
}

// WriteISO writes tree as an ISO 9660 image at out with go-diskfs, an
// ISO writer independent of layouts/iso's. The tree is left untouched: it
// is mirrored next to out (hard links where it can), as Finalize deletes
// its workspace.
func WriteISO(t testing.TB, tree, out string, opts iso9660.FinalizeOptions) {
	t.Helper()
	ws := linkTree(t, tree, out+".workspace")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	iso, err := iso9660.Create(file.New(f, false), 0, 0, isoSector, ws)
	if err != nil {
		t.Fatalf("creating %s with go-diskfs: %v", out, err)
	}
	if err := iso.Finalize(opts); err != nil {
		t.Fatalf("finalizing %s with go-diskfs: %v", out, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func finalizeOptions() iso9660.FinalizeOptions {
	bios := &iso9660.ElToritoEntry{Platform: iso9660.BIOS, Emulation: iso9660.NoEmulation,
		BootFile: "/isolinux/isolinux.bin", BootTable: true}
	bios.SetLoadSize(4)
	uefi := &iso9660.ElToritoEntry{Platform: iso9660.EFI, Emulation: iso9660.NoEmulation,
		BootFile: "/images/efiboot.img"}
	return iso9660.FinalizeOptions{
		RockRidge:        true,
		VolumeIdentifier: Label,
		ElTorito: &iso9660.ElTorito{BootCatalog: "/isolinux/boot.cat",
			Entries: []*iso9660.ElToritoEntry{bios, uefi}},
	}
}

// linkTree mirrors tree at dst with hard links, so go-diskfs can delete
// its workspace without touching the tree tests compare against.
func linkTree(t testing.TB, tree, dst string) string {
	t.Helper()
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if err := os.Link(p, filepath.Join(dst, rel)); err != nil {
			copyFile(t, p, filepath.Join(dst, rel)) // another file system
		}
		return nil
	})
	if err != nil {
		t.Fatalf("linking %s into a go-diskfs workspace: %v", tree, err)
	}
	return dst
}

// isohybrid writes an isohybrid MBR into the system area of image, as
// syslinux's isohybrid --uefi does: code's boot code, the isolinux.bin
// sector, partition 1 (active) over the image padded to whole cylinders
// and partition 2 (0xEF) over the UEFI El Torito image. go-diskfs leaves
// the system area blank.
func isohybrid(t testing.TB, image string, code []byte) {
	t.Helper()
	f, err := os.OpenFile(image, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate((st.Size() + cylinder - 1) / cylinder * cylinder); err != nil {
		t.Fatal(err)
	}
	if st, err = f.Stat(); err != nil {
		t.Fatal(err)
	}
	bios, efi := bootEntries(t, f)
	mbr := make([]byte, 512)
	copy(mbr, code[:mbrCodeSize])
	binary.LittleEndian.PutUint32(mbr[mbrBootLBA:], bios.lba*4)
	binary.LittleEndian.PutUint32(mbr[mbrDiskID:], 0x52_4b_59_37) // "7YKR"
	partition(mbr[mbrPartitions:], 0x80, 0x00, 0, uint32(st.Size()/512))
	partition(mbr[mbrPartitions+16:], 0x00, 0xEF, efi.lba*4, efi.sectors)
	mbr[510], mbr[511] = 0x55, 0xAA
	if _, err := f.WriteAt(mbr, 0); err != nil {
		t.Fatalf("writing the isohybrid MBR: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// bootEntry is an El Torito boot entry: its image's first 2048-byte
// sector and its size in 512-byte sectors.
type bootEntry struct{ lba, sectors uint32 }

// bootEntries reads the default (BIOS) entry and the first section entry
// (UEFI) of the El Torito catalog the boot record names.
func bootEntries(t testing.TB, f *os.File) (bios, efi bootEntry) {
	t.Helper()
	vd := make([]byte, isoSector)
	for s := int64(16); ; s++ {
		if _, err := f.ReadAt(vd, s*isoSector); err != nil || vd[0] == 255 {
			t.Fatalf("no El Torito boot record in %s (%v)", f.Name(), err)
		}
		if vd[0] == 0 {
			break
		}
	}
	cat := make([]byte, isoSector)
	if _, err := f.ReadAt(cat, int64(binary.LittleEndian.Uint32(vd[71:]))*isoSector); err != nil {
		t.Fatalf("reading the boot catalog: %v", err)
	}
	entry := func(b []byte) bootEntry {
		return bootEntry{lba: binary.LittleEndian.Uint32(b[8:]), sectors: uint32(binary.LittleEndian.Uint16(b[6:]))}
	}
	if cat[0x40+1] != byte(iso9660.EFI) {
		t.Fatalf("boot catalog's second section is for platform %#x, not UEFI", cat[0x41])
	}
	return entry(cat[0x20:]), entry(cat[0x60:])
}

// partition fills one MBR partition entry, addressed by LBA only (CHS
// fields marked unusable): our builder reuses only the boot code.
func partition(b []byte, status, typ byte, start, size uint32) {
	b[0], b[4] = status, typ
	copy(b[1:4], lbaOnly)
	copy(b[5:8], lbaOnly)
	binary.LittleEndian.PutUint32(b[8:], start)
	binary.LittleEndian.PutUint32(b[12:], size)
}

// lbaOnly is the CHS address meaning "use the LBA fields".
var lbaOnly = []byte{0xFE, 0xFF, 0xFF}
