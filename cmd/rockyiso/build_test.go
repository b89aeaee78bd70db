package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts"
)

// TestBuildCommand builds the lab site's compute ISO and its OEMDRV
// companion from the synthetic base and reads them back with xorriso.
func TestBuildCommand(t *testing.T) {
	p := siteCopy(t, "lab", fakeSecrets(t))
	base := isotest.Base(t, t.TempDir())
	repo := filepath.Join(t.TempDir(), "repo")
	isotest.RPM(t, repo, "rockyiso-role")
	isotest.RoleRepo(t, repo)
	fb := filepath.Join(t.TempDir(), "firstboot")
	if err := os.WriteFile(fb, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := t.TempDir()
	tests := []struct {
		name  string
		args  []string
		label string
		files []string
	}{
		{"role", []string{"--base-iso", base, "--repo", repo, "--firstboot", fb, "-o", filepath.Join(dir, "role.iso")}, "ROCKY7_COMPUTE",
			[]string{"isolinux/isolinux.cfg", layouts.RepoDir + "/repodata/repomd.xml", layouts.FirstbootBin}},
		{"oemdrv", []string{"--oemdrv", "--firstboot", fb, "-o", filepath.Join(dir, "oemdrv.iso")}, "OEMDRV",
			[]string{layouts.FirstbootBin}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := run(t, append([]string{"build", "--site", p, "--role", "compute"}, tt.args...)...)
			if err != nil {
				t.Fatalf("build: %v\n%s", err, stderr)
			}
			out := tt.args[len(tt.args)-1]
			x := filepath.Join(t.TempDir(), "x")
			if b, err := exec.Command(fixture.Tool(t, "xorriso"), "-osirrox", "on", "-indev", out, "-extract", "/", x).CombinedOutput(); err != nil {
				t.Fatalf("xorriso: %v\n%s", err, b)
			}
			info, _ := exec.Command(fixture.Tool(t, "isoinfo"), "-d", "-i", out).CombinedOutput()
			if !strings.Contains(string(info), "Volume id: "+tt.label) {
				t.Errorf("label is not %s:\n%s", tt.label, info)
			}
			ks, err := os.ReadFile(filepath.Join(x, layouts.Kickstart))
			if err != nil || !strings.Contains(string(ks), "rockyiso.host") {
				t.Errorf("ks.cfg is not the compute role kickstart (%v):\n%.300s", err, ks)
			}
			for _, f := range append(tt.files, layouts.NodesDir+"/compute.json") {
				if _, err := os.Stat(filepath.Join(x, f)); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			if tt.name == "role" {
				cfg, _ := os.ReadFile(filepath.Join(x, "isolinux/isolinux.cfg"))
				if !strings.Contains(string(cfg), "Install compute (00:0C:29:8C:82:4C)") {
					t.Errorf("isolinux.cfg lacks the compute host entry:\n%s", cfg)
				}
			}
		})
	}
}

func TestBuildCommandErrors(t *testing.T) {
	p := siteCopy(t, "lab", fakeSecrets(t))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"neither", []string{"--role", "compute", "-o", "x.iso"}, "--base-iso"},
		{"no-hosts", []string{"--role", "nosuch", "--oemdrv", "-o", "x.iso"}, "no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := run(t, append([]string{"build", "--site", p}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("build error %v, want one naming %q", err, tt.want)
			}
		})
	}
}
