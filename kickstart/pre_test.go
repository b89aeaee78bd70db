package kickstart_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/site"
)

// preSite is the lab with three compute nodes: compute (MAC in the site
// file), compute2 (MAC, another install disk) and compute3 (no MAC).
func preSite(t *testing.T) *site.Site {
	t.Helper()
	s := loadSite(t, "lab")
	c := *s.Host("compute")
	for i, mac := range []string{"52:54:00:AA:BB:02", ""} {
		h := c
		h.Name = []string{"compute2", "compute3"}[i]
		h.Interfaces = []site.Interface{
			{Name: "eth0", Network: site.NetManagement, Address: []string{"192.168.222.11", "192.168.222.12"}[i], MAC: mac},
			{Name: "eth1", Network: site.NetOverlay, Address: []string{"172.16.0.11", "172.16.0.12"}[i]},
		}
		if i == 0 {
			h.Disk = "vda"
		}
		s.Hosts = append(s.Hosts, h)
	}
	return s
}

// scriptBody extracts the body of the first script section whose header
// starts with header, e.g. "%pre " or "%post --nochroot".
func scriptBody(t *testing.T, ks, header string) string {
	t.Helper()
	_, rest, ok := strings.Cut(ks, "\n"+header)
	if !ok {
		t.Fatalf("kickstart has no %s section", header)
	}
	_, body, _ := strings.Cut(rest, "\n")
	body, _, ok = strings.Cut(body, "\n%end\n")
	if !ok {
		t.Fatalf("%s section has no %%end", header)
	}
	return body + "\n"
}

// machine is a fake installer environment: NICs and a kernel command line.
type machine struct {
	macs    map[string]string
	cmdline string
}

// preRun is what one run of %pre left behind.
type preRun struct {
	err              error
	stderr, console  string
	host             string
	network, storage string
}

func runPre(t *testing.T, shell, script string, m machine) preRun {
	t.Helper()
	dir := t.TempDir()
	sysnet, out := filepath.Join(dir, "sys/class/net"), filepath.Join(dir, "tmp")
	for nic, mac := range m.macs {
		writeFile(t, filepath.Join(sysnet, nic, "address"), mac+"\n")
	}
	writeFile(t, filepath.Join(dir, "proc/cmdline"), m.cmdline+"\n")
	writeFile(t, filepath.Join(out, ".keep"), "")
	console := filepath.Join(dir, "console")
	cmd := exec.Command(shell, "-c", script)
	cmd.Env = append(os.Environ(), "ROCKYISO_SYSNET="+sysnet, "ROCKYISO_CMDLINE="+filepath.Join(dir, "proc/cmdline"),
		"ROCKYISO_OUT="+out, "ROCKYISO_CONSOLES="+console, "ROCKYISO_PRE_NOWAIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	r := preRun{err: cmd.Run(), stderr: stderr.String()}
	r.console, r.host = readFile(console), strings.TrimSpace(readFile(filepath.Join(out, "rockyiso-host")))
	r.network, r.storage = readFile(filepath.Join(out, "rockyiso-network.ks")), readFile(filepath.Join(out, "rockyiso-storage.ks"))
	return r
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// hostLines are the lines of host's own kickstart that start with prefix,
// which the role kickstart's %pre must write for that host.
func hostLines(t *testing.T, s *site.Site, host string, prefixes ...string) string {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(render(t, kickstart.Data{Site: s, Host: host, RootPasswordHash: "$6$salt$hash"}), "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				b.WriteString(l + "\n")
			}
		}
	}
	return b.String()
}

func TestPreHostMatching(t *testing.T) {
	s := preSite(t)
	ks := render(t, kickstart.Data{Site: s, Role: site.Compute, RootPasswordHash: "$6$salt$hash"})
	for _, inc := range []string{"%include /tmp/rockyiso-network.ks", "%include /tmp/rockyiso-storage.ks"} {
		if !strings.Contains(ks, "\n"+inc+"\n") {
			t.Fatalf("role kickstart lacks %q", inc)
		}
	}
	script := scriptBody(t, ks, "%pre ")
	storage := []string{"ignoredisk", "zerombr", "clearpart", "bootloader", "autopart"}
	tests := []struct {
		name    string
		m       machine
		host    string
		message string
	}{
		{"MAC of the site file, other case", machine{macs: map[string]string{"lo": "00:00:00:00:00:00", "ens33": "00:0c:29:8c:82:4c"}, cmdline: "ro quiet"}, "compute", "installing this machine as compute"},
		{"MAC of a second NIC", machine{macs: map[string]string{"eth0": "52:54:00:00:00:99", "eth1": "52:54:00:aa:bb:02"}}, "compute2", "installing this machine as compute2"},
		{"kernel argument wins over MAC", machine{macs: map[string]string{"eth0": "52:54:00:AA:BB:02"}, cmdline: "inst.ks=file:/ks.cfg rockyiso.host=COMPUTE3 quiet"}, "compute3", "installing this machine as compute3"},
		{"no match stops", machine{macs: map[string]string{"eth0": "52:54:00:12:34:56"}}, "", "this machine (MACs 52:54:00:12:34:56) matches no host of role compute; boot with rockyiso.host=NAME (one of: compute compute2 compute3)"},
		{"no NIC at all stops", machine{cmdline: "quiet"}, "", "matches no host of role compute"},
		{"kernel argument of another role stops", machine{macs: map[string]string{"eth0": "00:0C:29:8C:82:4C"}, cmdline: "rockyiso.host=controller"}, "", "rockyiso.host=controller is not a host of role compute"},
		{"two hosts' MACs stop", machine{macs: map[string]string{"eth0": "00:0C:29:8C:82:4C", "eth1": "52:54:00:aa:bb:02"}}, "", "matches hosts compute and compute2 of role compute"},
	}
	for _, shell := range []string{"sh", "bash"} {
		path := fixture.Tool(t, shell)
		for _, tt := range tests {
			t.Run(shell+"/"+tt.name, func(t *testing.T) {
				r := runPre(t, path, script, tt.m)
				if !strings.Contains(r.console, tt.message) || !strings.Contains(r.stderr, tt.message) {
					t.Errorf("console %q / stderr %q do not say %q", r.console, r.stderr, tt.message)
				}
				if tt.host == "" {
					checkStopped(t, r)
					return
				}
				if r.err != nil || r.host != tt.host {
					t.Fatalf("%%pre: err %v, host %q, want %q; stderr:\n%s", r.err, r.host, tt.host, r.stderr)
				}
				if diff := cmp.Diff(hostLines(t, s, tt.host, "network "), r.network); diff != "" {
					t.Errorf("network include (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(hostLines(t, s, tt.host, storage...), r.storage); diff != "" {
					t.Errorf("storage include (-want +got):\n%s", diff)
				}
				checkRHEL7(t, "rockyiso-network.ks", r.network+r.storage)
			})
		}
	}
}

func checkStopped(t *testing.T, r preRun) {
	t.Helper()
	var ee *exec.ExitError
	if r.err == nil || !errors.As(r.err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("%%pre exit: %v, want exit status 1", r.err)
	}
	if r.host != "" || r.network != "" {
		t.Errorf("%%pre chose host %q and wrote network %q after no match", r.host, r.network)
	}
	if !strings.Contains(r.console, "installation stopped") {
		t.Errorf("console does not say the installation stopped: %q", r.console)
	}
}

// TestRoleIncludesWhatDiffers: with an all-in-one controller among the
// compute hosts, its NTP servers and ports differ from the others', so
// %pre writes those sections too; the disks are the same and stay inline.
func TestRoleIncludesWhatDiffers(t *testing.T) {
	s := loadSite(t, "esxi")
	s.Hosts[0].Roles = []site.Role{site.Controller, site.Compute}
	ks := render(t, kickstart.Data{Site: s, Role: site.Compute, RootPasswordHash: fakeRootHash(t)})
	for _, want := range []string{"\n%include /tmp/rockyiso-network.ks\n", "\n%include /tmp/rockyiso-timezone.ks\n",
		"\n%include /tmp/rockyiso-firewall.ks\n", "\nautopart --type=lvm --nohome\n",
		"'timezone Asia/Shanghai --isUtc --ntpservers=ntp.aliyun.com' >\"$out\"/'rockyiso-timezone.ks'",
		"'timezone Asia/Shanghai --isUtc --ntpservers=Cm-cent1' >\"$out\"/'rockyiso-timezone.ks'"} {
		if !strings.Contains(ks, want) {
			t.Errorf("role kickstart lacks %q", want)
		}
	}
	if strings.Contains(ks, "rockyiso-storage.ks") {
		t.Error("role kickstart includes the storage section, which is the same for every host")
	}
	checkRHEL7(t, "compute.ks", ks)
}
