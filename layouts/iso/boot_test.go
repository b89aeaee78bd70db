package iso_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// roleKS stands in for the role kickstart the kickstart package renders.
const roleKS = "# rockyiso compute kickstart\ntext\nreboot\n%packages\n@core\n%end\n"

var (
	baseOnce sync.Once
	basePath string
	baseDir  string
)

// built is a base ISO and two role ISOs made from it in one BuildAll run:
// one defaulting to the unattended role entry, one to a host's entry.
type built struct {
	base, role, host string
}

func buildRoles(t *testing.T) built {
	t.Helper()
	dir := t.TempDir()
	b := built{base: isotest.Base(t), role: filepath.Join(dir, "compute.iso"), host: filepath.Join(dir, "compute-2.iso")}
	fb := filepath.Join(dir, "firstboot")
	if err := os.WriteFile(fb, []byte("#!/bin/sh\necho firstboot\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := iso.Options{
		Base: b.base, Out: b.role, Label: "ROCKY7_COMPUTE", Title: "OpenStack compute node",
		Kickstart: []byte(roleKS),
		Files: []iso.File{
			{Path: layouts.FirstbootBin, Source: fb, Mode: 0o755},
			{Path: layouts.NodesDir + "/compute-2.json", Data: []byte(`{"host":"compute-2"}`)},
		},
		Hosts:      []iso.MenuHost{{Name: "compute-1", MAC: "00:0c:29:8c:82:4b"}, {Name: "compute-2", MAC: "00:0c:29:8c:82:4c"}},
		KernelArgs: []string{"console=ttyS0", "panic=-1"},
		Timeout:    time.Second,
		Now:        time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	host := opts
	host.Out, host.DefaultHost = b.host, "compute-2"
	if err := iso.BuildAll(context.Background(), []iso.Options{opts, host}); err != nil {
		t.Fatalf("BuildAll: %v", err)
	}
	return b
}

func TestBootSmoke(t *testing.T) {
	b := buildRoles(t)
	out, err := exec.Command(fixture.Tool(t, "xorriso"), "-indev", b.role, "-report_el_torito", "plain").CombinedOutput()
	t.Logf("%s %v", out, err)
	out, err = exec.Command(fixture.Tool(t, "isoinfo"), "-d", "-i", b.role).CombinedOutput()
	t.Logf("%s %v", out, err)
	out, err = exec.Command(fixture.Tool(t, "checkisomd5"), b.role).CombinedOutput()
	t.Logf("%s %v", out, err)
	log := isotest.Boot(t, b.host, isotest.OVMF, isotest.USB)
	t.Log(log[strings.Index(log, "PROBE-START"):])
	_ = strings.Contains
}
