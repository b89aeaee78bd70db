package iso_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// oddFiles exercise names ISO 9660 cannot hold: long ones (Rock Ridge NM
// in a continuation area), dotfiles, deep paths and names that map to the
// same ISO identifier.
var oddFiles = map[string]string{
	layouts.NodesDir + "/compute-1.json": `{"host":"compute-1"}`,
	".hidden":                            "dot",
	strings.Repeat("very-long-name-", 14) + ".rpm": "long",
	"a/b/c/d/e/f/g/h/i/j/deep.txt":                 "deep",
	"dup/a-b.txt":                                  "dash",
	"dup/a_b.txt":                                  "underscore",
	"dup/Readme":                                   "mixed",
	"dup/README":                                   "upper",
}

func buildOEMDRV(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "oemdrv.iso")
	var files []iso.File
	for p, data := range oddFiles {
		files = append(files, iso.File{Path: p, Data: []byte(data)})
	}
	err := iso.BuildOEMDRV(context.Background(), iso.OEMDRVOptions{Out: out, Kickstart: []byte(roleKS), Files: files,
		Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOEMDRVPrivate checks the image, which carries node bundles and so
// secrets, is readable by its owner only.
func TestOEMDRVPrivate(t *testing.T) {
	st, err := os.Stat(buildOEMDRV(t))
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != 0o600 {
		t.Errorf("ISO mode %04o, want 0600", got)
	}
}

// TestOEMDRV reads the companion volume back with xorriso and isoinfo.
func TestOEMDRV(t *testing.T) {
	out := buildOEMDRV(t)
	info := run(t, fixture.Tool(t, "isoinfo"), "-d", "-i", out)
	if !strings.Contains(info, "Volume id: OEMDRV") || !strings.Contains(info, "Rock Ridge signatures version 1 found") {
		t.Errorf("isoinfo -d:\n%s", info)
	}
	x := extract(t, out)
	if got := string(readFile(t, filepath.Join(x, layouts.Kickstart))); got != roleKS {
		t.Errorf("ks.cfg = %q", got)
	}
	for p, want := range oddFiles {
		if got, err := os.ReadFile(filepath.Join(x, p)); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
	if out, err := exec.Command(fixture.Tool(t, "checkisomd5"), out).CombinedOutput(); err != nil {
		t.Errorf("checkisomd5: %v\n%s", err, tailOf(out))
	}
}

// TestBuildErrors checks bad input fails clearly and leaves no output.
func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	notISO := filepath.Join(dir, "not.iso")
	if err := os.WriteFile(notISO, bytes.Repeat([]byte("x"), 64<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 4<<30); err != nil {
		t.Fatal(err)
	}
	oem := buildOEMDRV(t)
	tests := []struct {
		name string
		edit func(*iso.Options)
		want error
	}{
		{"bad-label", func(o *iso.Options) { o.Label = "CentOS 7" }, iso.ErrOptions},
		{"no-kickstart", func(o *iso.Options) { o.Kickstart = nil }, iso.ErrOptions},
		{"bad-mac", func(o *iso.Options) { o.Hosts[0].MAC = "nope" }, iso.ErrOptions},
		{"unknown-default", func(o *iso.Options) { o.DefaultHost = "compute-9" }, iso.ErrOptions},
		{"arg-injects-grub", func(o *iso.Options) { o.KernelArgs = []string{"quiet\n}\nmenuentry x {"} }, iso.ErrOptions},
		{"title-injects-isolinux", func(o *iso.Options) { o.Title = "x\n  kernel evil" }, iso.ErrOptions},
		{"not-iso", func(o *iso.Options) { o.Base = notISO }, iso.ErrNotISO},
		{"missing-base", func(o *iso.Options) { o.Base = filepath.Join(dir, "none.iso") }, os.ErrNotExist},
		{"not-centos", func(o *iso.Options) { o.Base = oem }, iso.ErrBaseLayout},
		{"file-4gib", func(o *iso.Options) {
			o.Base = oem
			o.Files = []iso.File{{Path: "big", Source: huge}}
		}, iso.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := roleOptions(notISO, filepath.Join(t.TempDir(), "out.iso"))
			tt.edit(&o)
			err := iso.Build(context.Background(), o)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Build error %v, want %v", err, tt.want)
			}
			if ents, _ := os.ReadDir(filepath.Dir(o.Out)); len(ents) != 0 {
				t.Errorf("failed build left %v behind", ents)
			}
		})
	}
}

// TestCancel stops a build midway; nothing may be left at the output.
func TestCancel(t *testing.T) {
	b := roles(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	o := roleOptions(b.base, filepath.Join(t.TempDir(), "out.iso"))
	if err := iso.Build(ctx, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("Build error %v, want context.Canceled", err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(o.Out)); len(ents) != 0 {
		t.Errorf("cancelled build left %v behind", ents)
	}
}

func TestBuildAllOneOutputTwice(t *testing.T) {
	o := roleOptions("base.iso", filepath.Join(t.TempDir(), "out.iso"))
	if err := iso.BuildAll(context.Background(), []iso.Options{o, o}); !errors.Is(err, iso.ErrOptions) {
		t.Fatalf("BuildAll error %v, want ErrOptions", err)
	}
}
