package iso_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// roleKS stands in for the role kickstart the kickstart package renders.
const roleKS = "# rockyiso compute kickstart\ntext\nreboot\n%packages\n@core\n%end\n"

const roleLabel = "ROCKY7_COMPUTE"

// built is a base ISO and two role ISOs made from it in one BuildAll run:
// one defaulting to the unattended role entry, one to compute-2's entry.
type built struct {
	dir, base, role, host string
}

var (
	shared     built
	sharedOnce sync.Once
	sharedDir  string
)

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "iso-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// roles builds the shared images once per run; every test that needs them
// skips when the first attempt skipped.
func roles(t *testing.T) built {
	t.Helper()
	sharedOnce.Do(func() { shared = buildRoles(t, sharedDir) })
	if shared.role == "" {
		t.Skip("SKIPPING: the synthetic base ISO could not be built (see the first test's skip message)")
	}
	return shared
}

func roleOptions(base, out string) iso.Options {
	return iso.Options{
		Base: base, Out: out, Label: roleLabel, Title: "OpenStack compute node",
		Kickstart: []byte(roleKS),
		Hosts: []iso.MenuHost{
			{Name: "compute-1", MAC: "00:0c:29:8c:82:4b"},
			{Name: "compute-2", MAC: "00:0c:29:8c:82:4c"},
		},
		KernelArgs: []string{"console=ttyS0", "panic=-1"},
		Timeout:    time.Second,
		Now:        time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func buildRoles(t *testing.T, dir string) built {
	t.Helper()
	b := built{dir: dir, base: isotest.Base(t, dir)}
	fb := filepath.Join(dir, "firstboot")
	if err := os.WriteFile(fb, []byte("#!/bin/sh\necho firstboot\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := roleOptions(b.base, filepath.Join(dir, "compute.iso"))
	opts.Files = []iso.File{
		{Path: layouts.FirstbootBin, Source: fb, Mode: 0o755},
		{Path: layouts.NodesDir + "/compute-2.json", Data: []byte(`{"host":"compute-2"}`), Mode: 0o600},
	}
	opts.Files = append(opts.Files, roleRepo(t, dir)...)
	host := opts
	host.Out, host.DefaultHost = filepath.Join(dir, "compute-2.iso"), "compute-2"
	if err := iso.BuildAll(context.Background(), []iso.Options{opts, host}); err != nil {
		t.Fatalf("BuildAll: %v", err)
	}
	b.role, b.host = opts.Out, host.Out
	return b
}

// TestBoot boots the role image four ways and checks what the installer's
// initrd would see.
func TestBoot(t *testing.T) {
	b := roles(t)
	tests := []struct {
		name  string
		image string
		fw    isotest.Firmware
		media isotest.Media
		host  string
	}{
		{"seabios-cd", b.role, isotest.SeaBIOS, isotest.CD, ""},
		{"seabios-usb", b.role, isotest.SeaBIOS, isotest.USB, ""},
		{"ovmf-cd", b.role, isotest.OVMF, isotest.CD, ""},
		{"ovmf-usb-host", b.host, isotest.OVMF, isotest.USB, "compute-2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // two qemu at a time on CI's two cores
			log := isotest.Boot(t, tt.image, tt.fw, tt.media)
			checkProbe(t, log, tt.host)
		})
	}
}

func checkProbe(t *testing.T, log, host string) {
	t.Helper()
	cmdline := probeLine(log, "CMDLINE: ")
	for _, want := range []string{"inst.ks=file:/ks.cfg", "inst.stage2=hd:LABEL=" + roleLabel} {
		if !strings.Contains(" "+cmdline+" ", " "+want+" ") {
			t.Errorf("kernel command line %q lacks %s", cmdline, want)
		}
	}
	if got := strings.Contains(cmdline, "rockyiso.host="+host); host != "" && !got {
		t.Errorf("kernel command line %q lacks rockyiso.host=%s", cmdline, host)
	}
	if host == "" && strings.Contains(cmdline, "rockyiso.host=") {
		t.Errorf("default entry passes a host: %q", cmdline)
	}
	if ks := between(log, "KS-BEGIN (err=<nil>)\n", "KS-END"); ks != roleKS {
		t.Errorf("initrd /ks.cfg = %q, want the role kickstart %q", ks, roleKS)
	}
	for _, entry := range []string{"ENTRY /" + layouts.FirstbootBin + " ", "ENTRY /ks.cfg ", "ENTRY /.treeinfo ", "ENTRY /" + layouts.RepoDir + "/repodata/repomd.xml "} {
		if !strings.Contains(log, entry) {
			t.Errorf("volume %s listing lacks %q", roleLabel, entry)
		}
	}
	if t.Failed() {
		t.Logf("serial console:\n%s", log)
	}
}

func probeLine(log, prefix string) string {
	for _, l := range strings.Split(log, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimRight(l, "\r"), prefix); ok {
			return v
		}
	}
	return ""
}

func between(s, start, end string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}
