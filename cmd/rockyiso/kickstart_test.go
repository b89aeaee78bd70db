package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKickstartCommand(t *testing.T) {
	sec := fakeSecrets(t)
	p := siteCopy(t, "lab", sec)
	tmpl := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmpl, "storage.tmpl"), []byte("part / --size=8192 --ondisk={{ .Disk }}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"host to stdout", []string{"--host", "compute"}, nil,
			[]string{"network --device=ens33 --bootproto=static --ip=192.168.222.10 ", "\ncdrom\n"}},
		{"role over http", []string{"--role", "network", "--media", "http://192.0.2.1/m"}, nil,
			[]string{"%include /tmp/rockyiso-network.ks", "url --url=http://192.0.2.1/m\n", "'00:0c:29:69:01:40') printf"}},
		{"host from the environment", nil, map[string]string{"ROCKYISO_HOST": "block"},
			[]string{"--hostname=block.lab.local", "# sdb is left untouched"}},
		{"templates override", []string{"--host", "controller", "--templates", tmpl}, nil,
			[]string{"\npart / --size=8192 --ondisk=sda\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			stdout, stderr, err := run(t, append([]string{"kickstart", "--site", p}, tt.args...)...)
			if err != nil || stderr != "" {
				t.Fatalf("kickstart: %v; stderr %q", err, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("kickstart output lacks %q", w)
				}
			}
			for name, v := range sec {
				if name != "ROOT_PASS_SHA512" && strings.Contains(stdout, v) {
					t.Errorf("kickstart output holds the secret %s", name)
				}
			}
		})
	}
}

func TestKickstartOutputFile(t *testing.T) {
	p := siteCopy(t, "esxi", fakeSecrets(t))
	out := filepath.Join(t.TempDir(), "compute.ks")
	stdout, _, err := run(t, "kickstart", "--site", p, "--role", "compute", "-o", out)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "" {
		t.Errorf("kickstart -o also wrote to stdout: %q", stdout)
	}
	ks := readPrivate(t, out)
	want, err := os.ReadFile("../../kickstart/testdata/esxi-role-compute-cdrom.ks.golden")
	if err != nil {
		t.Fatal(err)
	}
	if ks != string(want) {
		t.Error("kickstart -o differs from the role kickstart golden")
	}
	if _, _, err := run(t, "kickstart", "--site", p, "-o", out); err == nil || !strings.Contains(err.Error(), "give either --host NAME") {
		t.Errorf("neither --host nor --role: error %v", err)
	}
	if _, _, err := run(t, "kickstart", "--site", p, "--role", "block", "-o", out); err == nil ||
		!strings.Contains(err.Error(), `no host of role "block"`) {
		t.Errorf("a role without hosts: error %v", err)
	}
}
