package iso_test

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cavaliergopher/cpio"
	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/layouts"
)

var (
	xorrisoBoot = regexp.MustCompile(`El Torito boot img :\s+\d+\s+(BIOS|UEFI)\s+y\s+none\s+0x0000\s+0x00\s+(\d+)\s+(\d+)`)
	isoinfoBoot = regexp.MustCompile(`Nsect ([0-9a-fA-F]+)\s+Bootoff [0-9a-fA-F]+ (\d+)`)
	isoinfoFile = regexp.MustCompile(`\[\s*(\d+)\s+\d+\]\s+(\S+)\s*$`)
)

// TestElTorito checks xorriso and isoinfo agree on both boot entries, the
// label and Rock Ridge (and the absence of Joliet).
func TestElTorito(t *testing.T) {
	b := roles(t)
	xr := run(t, fixture.Tool(t, "xorriso"), "-indev", b.role, "-report_el_torito", "plain", "-pvd_info")
	info := run(t, fixture.Tool(t, "isoinfo"), "-d", "-i", b.role)
	lbas := fileLBAs(t, b.role)
	boots := map[string][2]int{}
	for _, m := range xorrisoBoot.FindAllStringSubmatch(xr, -1) {
		boots[m[1]] = [2]int{atoi(m[2]), atoi(m[3])}
	}
	want := map[string][2]int{"BIOS": {4, lbas["/isolinux/isolinux.bin"]}, "UEFI": {efiSectors(t, b), lbas["/images/efiboot.img"]}}
	if d := cmp.Diff(want, boots); d != "" {
		t.Errorf("xorriso boot entries (-want +got):\n%s\n%s", d, xr)
	}
	m := isoinfoBoot.FindStringSubmatch(info)
	if m == nil || atoi(m[1]) != 4 || atoi(m[2]) != boots["BIOS"][1] {
		t.Errorf("isoinfo default boot entry %v disagrees with xorriso's BIOS entry %v:\n%s", m, boots["BIOS"], info)
	}
	for _, s := range []string{"Volume id: " + roleLabel, "Rock Ridge signatures version 1 found", "NO Joliet present"} {
		if !strings.Contains(info, s) {
			t.Errorf("isoinfo -d lacks %q:\n%s", s, info)
		}
	}
	if !strings.Contains(xr, "Volume Id    : "+roleLabel) {
		t.Errorf("xorriso -pvd_info lacks the label:\n%s", xr)
	}
}

func efiSectors(t *testing.T, b built) int {
	st, err := os.Stat(filepath.Join(b.dir, "tree", "images", "efiboot.img"))
	if err != nil {
		t.Fatal(err)
	}
	return int(st.Size() / 512)
}

// fileLBAs lists each file's first sector as isoinfo sees it.
func fileLBAs(t *testing.T, image string) map[string]int {
	t.Helper()
	out := run(t, fixture.Tool(t, "isoinfo"), "-R", "-l", "-i", image)
	lbas := map[string]int{}
	dir := ""
	for _, l := range strings.Split(out, "\n") {
		if d, ok := strings.CutPrefix(l, "Directory listing of "); ok {
			dir = d
			continue
		}
		if m := isoinfoFile.FindStringSubmatch(l); m != nil {
			lbas[dir+m[2]] = atoi(m[1])
		}
	}
	return lbas
}

// TestMediaCheck runs checkisomd5 on the image and on a damaged copy.
func TestMediaCheck(t *testing.T) {
	b := roles(t)
	check := fixture.Tool(t, "checkisomd5")
	if out, err := exec.Command(check, b.role).CombinedOutput(); err != nil {
		t.Fatalf("checkisomd5 %s: %v\n%s", b.role, err, tailOf(out))
	}
	bad := filepath.Join(t.TempDir(), "bad.iso")
	data, err := os.ReadFile(b.role)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0xFF
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(check, bad).CombinedOutput(); err == nil {
		t.Fatalf("checkisomd5 passed a damaged image:\n%s", tailOf(out))
	}
}

// bootConfig is what the rewrite may change; all else must match the base.
var bootConfig = map[string]bool{
	"isolinux/isolinux.cfg": true, "EFI/BOOT/grub.cfg": true, "images/efiboot.img": true,
	"isolinux/initrd.img": true, "images/pxeboot/initrd.img": true, "isolinux/boot.cat": true,
	"isolinux/isolinux.bin": true, // boot info table, patched by xorriso and by us
}

// TestTreeUnchanged compares the image's tree, read by xorriso, with the
// tree the base was made from.
func TestTreeUnchanged(t *testing.T) {
	b := roles(t)
	x := extract(t, b.role)
	tree := filepath.Join(b.dir, "tree")
	err := filepath.Walk(tree, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		if bootConfig[filepath.ToSlash(rel)] {
			return nil
		}
		if !bytes.Equal(readFile(t, p), readFile(t, filepath.Join(x, rel))) {
			t.Errorf("%s differs from the base", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, added := range []string{layouts.Kickstart, layouts.FirstbootBin, layouts.NodesDir + "/compute-2.json"} {
		if _, err := os.Stat(filepath.Join(x, added)); err != nil {
			t.Errorf("added file %s: %v", added, err)
		}
	}
	checkModes(t, x)
	checkInitrd(t, readFile(t, filepath.Join(tree, "isolinux/initrd.img")), readFile(t, filepath.Join(x, "isolinux/initrd.img")))
}

func checkModes(t *testing.T, x string) {
	for p, want := range map[string]os.FileMode{layouts.FirstbootBin: 0o755, layouts.NodesDir + "/compute-2.json": 0o600, ".treeinfo": 0o644} {
		st, err := os.Stat(filepath.Join(x, p))
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s mode %o, want %o", p, got, want)
		}
	}
}

// checkInitrd wants the base initrd, zero padding to 4 bytes, then a newc
// archive holding only ks.cfg.
func checkInitrd(t *testing.T, base, got []byte) {
	t.Helper()
	if !bytes.HasPrefix(got, base) {
		t.Fatal("initrd.img does not start with the base initrd")
	}
	rest := got[len(base):]
	pad := (4 - len(base)%4) % 4
	if !bytes.Equal(rest[:pad], make([]byte, pad)) {
		t.Fatalf("padding is not zeros: %x", rest[:pad])
	}
	r := cpio.NewReader(bytes.NewReader(rest[pad:]))
	h, err := r.Next()
	if err != nil || h.Name != layouts.Kickstart {
		t.Fatalf("overlay's first entry: %v, %v", h, err)
	}
	ks, _ := io.ReadAll(r)
	if string(ks) != roleKS {
		t.Errorf("overlay ks.cfg = %q", ks)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("overlay holds more than ks.cfg: %v", err)
	}
}

// TestMenus checks both grub.cfg copies (the one inside efiboot.img read
// with mtools) are the same and name the new label, and isolinux.cfg too.
func TestMenus(t *testing.T) {
	b := roles(t)
	x := extract(t, b.role)
	grub := string(readFile(t, filepath.Join(x, "EFI/BOOT/grub.cfg")))
	inner := run(t, fixture.Tool(t, "mtype"), "-i", filepath.Join(x, "images/efiboot.img"), "::/EFI/BOOT/grub.cfg")
	if d := cmp.Diff(grub, inner); d != "" {
		t.Errorf("grub.cfg inside efiboot.img differs from EFI/BOOT/grub.cfg (-iso +efiboot):\n%s", d)
	}
	run(t, fixture.Tool(t, "fsck.fat"), "-n", filepath.Join(x, "images/efiboot.img"))
	isolinux := string(readFile(t, filepath.Join(x, "isolinux/isolinux.cfg")))
	for _, cfg := range []string{grub, isolinux} {
		for _, s := range []string{"inst.stage2=hd:LABEL=" + roleLabel, "inst.ks=file:/ks.cfg", "Install compute-2 (00:0c:29:8c:82:4c)", "rockyiso.host=compute-2", "rd.live.check"} {
			if !strings.Contains(cfg, s) {
				t.Errorf("menu lacks %q:\n%s", s, cfg)
			}
		}
		if strings.Contains(cfg, "CentOS\\x207") || strings.Contains(cfg, "inst.ks=cdrom") {
			t.Errorf("menu still names the old label or a cdrom kickstart:\n%s", cfg)
		}
	}
	if !strings.Contains(grub, "search --no-floppy --set=root -l '"+roleLabel+"'") {
		t.Errorf("grub.cfg does not search the new label:\n%s", grub)
	}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tailOf(out))
	}
	return string(out)
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func atoi(s string) int {
	n, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		n, _ = strconv.ParseInt(s, 16, 64)
	}
	return int(n)
}

func tailOf(b []byte) string {
	if len(b) > 3000 {
		return "..." + string(b[len(b)-3000:])
	}
	return string(b)
}
