package iso

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

func testMenu() *menu {
	return &menu{oldLabel: "CentOS 7 x86_64", label: "ROCKY7_COMPUTE", title: "OpenStack compute node",
		hosts:   []MenuHost{{Name: "compute-1", MAC: "00:0c:29:8c:82:4b"}, {Name: "compute-2", MAC: "00:0c:29:8c:82:4c"}},
		args:    []string{"console=ttyS0"},
		timeout: 5 * time.Second}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("reading golden file (run with -update): %v", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", name, d)
	}
}

func TestRewriteMenus(t *testing.T) {
	hostDefault := testMenu()
	hostDefault.defaultHost = "compute-2"
	tests := []struct {
		name    string
		in      string
		m       *menu
		rewrite func([]byte, *menu) ([]byte, error)
	}{
		{"isolinux.cfg", "isolinux.cfg", testMenu(), rewriteIsolinux},
		{"isolinux-host.cfg", "isolinux.cfg", hostDefault, rewriteIsolinux},
		{"grub.cfg", "grub.cfg", testMenu(), rewriteGrub},
		{"grub-host.cfg", "grub.cfg", hostDefault, rewriteGrub},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("..", "..", "internal", "isotest", "testdata", "base", tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.rewrite(in, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, got)
		})
	}
}

func TestRewriteMenuErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		rewrite func([]byte, *menu) ([]byte, error)
	}{
		{"isolinux-no-kernel", "default vesamenu.c32\nlabel x\n  localboot 0\n", rewriteIsolinux},
		{"isolinux-no-initrd", "label x\n  kernel vmlinuz\n  append quiet\n", rewriteIsolinux},
		{"grub-no-entry", "set timeout=5\n", rewriteGrub},
		{"grub-no-initrd", "menuentry 'x' {\n\tlinux /vmlinuz quiet\n}\n", rewriteGrub},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.rewrite([]byte(tt.in), testMenu())
			if err == nil {
				t.Fatal("rewrite accepted a config with no install entry")
			}
			if tt.name == "isolinux-no-kernel" && !errors.Is(err, ErrBaseLayout) {
				t.Errorf("error %v is not ErrBaseLayout", err)
			}
		})
	}
}

func FuzzRewriteIsolinux(f *testing.F) {
	f.Add([]byte("default vesamenu.c32\ntimeout 600\nlabel linux\n  kernel vmlinuz\n  append initrd=initrd.img inst.stage2=hd:LABEL=CentOS\\x207 quiet\n"))
	f.Fuzz(func(t *testing.T, cfg []byte) {
		out, err := rewriteIsolinux(cfg, testMenu())
		if err == nil && len(out) == 0 {
			t.Fatal("empty config without error")
		}
	})
}

func FuzzRewriteGrub(f *testing.F) {
	f.Add([]byte("set default=\"1\"\nsearch --no-floppy --set=root -l 'CentOS 7 x86_64'\nmenuentry 'Install' {\n\tlinuxefi /images/pxeboot/vmlinuz quiet\n\tinitrdefi /images/pxeboot/initrd.img\n}\n"))
	f.Fuzz(func(t *testing.T, cfg []byte) {
		out, err := rewriteGrub(cfg, testMenu())
		if err == nil && len(out) == 0 {
			t.Fatal("empty config without error")
		}
	})
}
