package iso

import (
	"encoding/binary"
	"hash/crc32"
)

// bootFiles are the nodes El Torito and the hybrid MBR point at.
type bootFiles struct {
	isolinux *node // BIOS boot image, no emulation, with a boot info table
	efiboot  *node // UEFI boot image (FAT)
	catalog  *node // the boot catalog, written as a file
}

// finishBoot fills in what needs final sector numbers: the boot catalog
// and isolinux's boot info table (El Torito 1.0, mkisofs -boot-info-table).
func (img *image) finishBoot() {
	if img.boot == nil {
		return
	}
	writeCatalog(img.boot.catalog.data.parts[0].data, img.lbaOf[img.boot.isolinux.data],
		img.lbaOf[img.boot.efiboot.data], img.boot.efiboot.data.size)
	patchBootInfo(img.boot.isolinux.data.parts[0].data, img.lbaOf[img.boot.isolinux.data])
}

// writeCatalog writes a validation entry, the BIOS default entry and one
// UEFI section (platform 0xEF) into the 2048-byte catalog.
func writeCatalog(b []byte, biosLBA, efiLBA uint32, efiSize int64) {
	clear(b)
	b[0] = 1 // validation entry, platform 0 (x86)
	copy(b[4:], "ROCKYISO")
	b[30], b[31] = 0x55, 0xAA
	var sum uint16
	for i := 0; i < 32; i += 2 {
		sum += binary.LittleEndian.Uint16(b[i:])
	}
	binary.LittleEndian.PutUint16(b[28:], -sum)
	putBootEntry(b[32:64], 4, biosLBA)
	b[64], b[65] = 0x91, 0xEF // final section header, UEFI
	binary.LittleEndian.PutUint16(b[66:], 1)
	putBootEntry(b[96:128], uint16(min((efiSize+511)/512, 0xFFFF)), efiLBA)
}

func putBootEntry(b []byte, count uint16, lba uint32) {
	b[0] = 0x88 // bootable, no emulation
	binary.LittleEndian.PutUint16(b[6:], count)
	binary.LittleEndian.PutUint32(b[8:], lba)
}

// patchBootInfo writes the 56-byte boot info table at offset 8.
func patchBootInfo(b []byte, lba uint32) {
	if len(b) < 64 {
		return
	}
	clear(b[8:64])
	binary.LittleEndian.PutUint32(b[8:], 16)
	binary.LittleEndian.PutUint32(b[12:], lba)
	binary.LittleEndian.PutUint32(b[16:], uint32(len(b)))
	var sum uint32
	for i := 64; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.LittleEndian.Uint32(w[:])
	}
	binary.LittleEndian.PutUint32(b[20:], sum)
}

// MBR geometry isohybrid uses: 64 heads, 32 sectors a track.
const (
	heads   = 64
	sectors = 32
)

// writeMBR writes an isohybrid-style MBR: the base media's boot code,
// isolinux's 512-byte sector number at 432, a disk signature, partition 1
// (type 0x00, bootable) covering the image and partition 2 (type 0xEF)
// covering efiboot.img for UEFI firmware.
func writeMBR(b []byte, img *image) {
	if img.mbr != nil {
		copy(b, img.mbr[:432])
	}
	binary.LittleEndian.PutUint32(b[432:], img.lbaOf[img.boot.isolinux.data]*4)
	binary.LittleEndian.PutUint32(b[440:], crc32.ChecksumIEEE([]byte(img.label+img.now.UTC().String())))
	putPartition(b[446:462], 0x80, 0x00, 0, img.total*4)
	efi := img.lbaOf[img.boot.efiboot.data] * 4
	putPartition(b[462:478], 0, 0xEF, efi, uint32((img.boot.efiboot.data.size+511)/512))
	b[510], b[511] = 0x55, 0xAA
}

func putPartition(b []byte, boot, kind byte, start, count uint32) {
	b[0], b[4] = boot, kind
	copy(b[1:4], chs(start))
	copy(b[5:8], chs(start+count-1))
	binary.LittleEndian.PutUint32(b[8:], start)
	binary.LittleEndian.PutUint32(b[12:], count)
}

// chs encodes a sector as cylinder/head/sector, saturating at 1023.
func chs(lba uint32) []byte {
	c := lba / (heads * sectors)
	h := (lba / sectors) % heads
	s := lba%sectors + 1
	if c > 1023 {
		c, h, s = 1023, heads-1, sectors
	}
	return []byte{byte(h), byte(s) | byte(c>>8)<<6, byte(c)}
}
