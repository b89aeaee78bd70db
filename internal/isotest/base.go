// Package isotest builds, for tests, a synthetic CentOS-7-shaped install
// ISO from real boot pieces of this Debian machine (isolinux, GRUB EFI, the
// kernel) and boots images under qemu. Its initrd's /init is a small probe
// that prints the kernel command line, /ks.cfg and the listing of the
// volume inst.stage2=hd:LABEL= names. Nothing it makes is committed.
package isotest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/cavaliergopher/cpio"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// Label is the base media's volume label, as on CentOS 7 media.
const Label = "CentOS 7 x86_64"

// Debian paths of the boot pieces.
const (
	isolinuxDir = "/usr/lib/ISOLINUX"
	syslinuxDir = "/usr/lib/syslinux/modules/bios"
)

// modules are the drivers the probe needs for IDE CD-ROMs, USB sticks and
// ISO 9660; their dependencies come from modules.dep.
var modules = []string{"ata_piix", "sr_mod", "sd_mod", "isofs", "xhci_pci", "ehci_pci", "usb_storage"}

// Base builds the synthetic base ISO under dir and returns its path; the
// tree it was made from is dir/tree. The tree is laid out like CentOS 7
// media and the image is written with go-diskfs (see assemble): El Torito
// BIOS and UEFI, isohybrid MBR, Rock Ridge, no Joliet.
func Base(t testing.TB, dir string) string {
	t.Helper()
	kernel := Kernel(t)
	tree := filepath.Join(dir, "tree")
	initrd := probeInitrd(t, kernel)
	efi := efiboot(t)
	files := map[string]string{
		"isolinux/isolinux.bin":     isolinuxDir + "/isolinux.bin",
		"isolinux/ldlinux.c32":      syslinuxDir + "/ldlinux.c32",
		"isolinux/vesamenu.c32":     syslinuxDir + "/vesamenu.c32",
		"isolinux/libcom32.c32":     syslinuxDir + "/libcom32.c32",
		"isolinux/libutil.c32":      syslinuxDir + "/libutil.c32",
		"isolinux/vmlinuz":          kernel,
		"isolinux/initrd.img":       initrd,
		"images/pxeboot/vmlinuz":    kernel,
		"images/pxeboot/initrd.img": initrd,
		"images/efiboot.img":        efi.img,
		"EFI/BOOT/BOOTX64.EFI":      efi.grub,
		"EFI/BOOT/grub.cfg":         testdata("base/grub.cfg"),
		"isolinux/isolinux.cfg":     testdata("base/isolinux.cfg"),
		".discinfo":                 testdata("base/discinfo"),
		".treeinfo":                 testdata("base/treeinfo"),
	}
	for dst, src := range files {
		copyFile(t, src, filepath.Join(tree, dst))
	}
	for _, p := range BasePackages {
		RPM(t, filepath.Join(tree, "Packages"), p)
	}
	Repo(t, tree)
	out := filepath.Join(dir, "base.iso")
	assemble(t, tree, out)
	return out
}

// Kernel returns this machine's Debian kernel, or skips loudly (fails in CI).
func Kernel(t testing.TB) string {
	t.Helper()
	ks, _ := filepath.Glob("/boot/vmlinuz-*")
	if len(ks) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("no /boot/vmlinuz-*; .ci/run must install linux-image-amd64")
		}
		t.Skip("SKIPPING: no /boot/vmlinuz-* (apt-get install linux-image-amd64); boot media untested")
	}
	return ks[len(ks)-1]
}

func testdata(rel string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", rel)
}

// probeInitrd builds the probe and packs it with its modules.
func probeInitrd(t testing.TB, kernel string) string {
	t.Helper()
	dir := t.TempDir()
	probe := filepath.Join(dir, "init")
	cmd := exec.Command("go", "build", "-o", probe, ".")
	cmd.Dir = testdata("probe")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the probe: %v\n%s", err, out)
	}
	ver := strings.TrimPrefix(filepath.Base(kernel), "vmlinuz-")
	mods := moduleOrder(t, "/lib/modules/"+ver)
	var buf bytes.Buffer
	w := cpio.NewWriter(&buf)
	for _, d := range []string{"dev", "proc", "sys", "mnt", "modules"} {
		if err := w.WriteHeader(&cpio.Header{Name: d, Mode: cpio.TypeDir | 0o755, Links: 2}); err != nil {
			t.Fatal(err)
		}
	}
	addCpio(t, w, "init", 0o755, readFile(t, probe))
	var order []string
	for _, m := range mods {
		name := filepath.Base(m)
		order = append(order, name)
		addCpio(t, w, "modules/"+name, 0o644, readFile(t, m))
	}
	addCpio(t, w, "modules.order", 0o644, []byte(strings.Join(order, "\n")+"\n"))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "initrd.img")
	writeFile(t, out, buf.Bytes())
	return out
}

func addCpio(t testing.TB, w *cpio.Writer, name string, mode cpio.FileMode, data []byte) {
	t.Helper()
	if err := w.WriteHeader(&cpio.Header{Name: name, Mode: cpio.TypeReg | mode, Size: int64(len(data)), Links: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
}

// moduleOrder lists the module files to load, dependencies first.
func moduleOrder(t testing.TB, dir string) []string {
	t.Helper()
	deps := map[string][]string{}
	byName := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "modules.dep"))
	if err != nil {
		t.Fatalf("reading modules.dep (install kmod and linux-image-amd64): %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		mod, rest, _ := strings.Cut(sc.Text(), ":")
		deps[mod] = strings.Fields(rest)
		name := strings.TrimSuffix(filepath.Base(mod), ".ko")
		byName[strings.ReplaceAll(name, "-", "_")] = mod
	}
	var order []string
	seen := map[string]bool{}
	var visit func(string)
	visit = func(m string) {
		if seen[m] {
			return
		}
		seen[m] = true
		ds := deps[m]
		for i := len(ds) - 1; i >= 0; i-- {
			visit(ds[i])
		}
		order = append(order, filepath.Join(dir, m))
	}
	for _, name := range modules {
		m, ok := byName[name]
		if !ok {
			t.Fatalf("module %s not in %s/modules.dep", name, dir)
		}
		visit(m)
	}
	return order
}

type efiFiles struct{ img, grub string }

// efiboot makes a FAT16 efiboot.img holding a GRUB EFI image and grub.cfg.
// OVMF ignores small FAT32 boot images, hence FAT16.
func efiboot(t testing.TB) efiFiles {
	t.Helper()
	dir := t.TempDir()
	grub := filepath.Join(dir, "BOOTX64.EFI")
	run(t, fixture.Tool(t, "grub-mkimage"), "-O", "x86_64-efi", "-o", grub, "-p", "/EFI/BOOT",
		"part_msdos", "part_gpt", "fat", "iso9660", "normal", "configfile", "search", "search_label",
		"search_fs_file", "linux", "linuxefi", "gzio", "echo", "test", "all_video", "efi_gop", "efi_uga",
		"video_bochs", "video_cirrus", "ext2", "serial", "terminal", "ls", "cat", "halt", "reboot")
	img := filepath.Join(dir, "efiboot.img")
	run(t, fixture.Tool(t, "mkfs.fat"), "-F", "16", "-n", "ANACONDA", "-C", img, "16384")
	run(t, fixture.Tool(t, "mmd"), "-i", img, "::/EFI", "::/EFI/BOOT")
	run(t, "mcopy", "-i", img, grub, "::/EFI/BOOT/BOOTX64.EFI")
	run(t, "mcopy", "-i", img, testdata("base/grub.cfg"), "::/EFI/BOOT/grub.cfg")
	return efiFiles{img: img, grub: grub}
}

func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, p string, b []byte) {
	t.Helper()
	mkdir(t, filepath.Dir(p))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	writeFile(t, dst, readFile(t, src))
}

func mkdir(t testing.TB, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}
