package steps

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

const chronyPackaged = `# Use public servers from the pool.ntp.org project.
# Please consider joining the pool (http://www.pool.ntp.org/join.html).
server 0.centos.pool.ntp.org iburst
server 1.centos.pool.ntp.org iburst

# Record the rate at which the system clock gains/losses time.
driftfile /var/lib/chrony/drift

# Allow NTP client access from local network.
#allow 192.168.0.0/16
`

const lvmPackaged = `config {
	checks = 1
}
devices {
	dir = "/dev"
	# filter = [ "a|.*/|" ]
	scan = [ "/dev" ]
}
`

func TestBlock(t *testing.T) {
	tests := []struct {
		name, in string
		b        block
		want     string
	}{
		{"chrony", chronyPackaged,
			block{lines: []string{"server ntp.aliyun.com iburst", "allow 10.0.0.0/24"}, comment: regexp.MustCompile(`^(server|pool|allow)\s`)},
			strings.Replace(strings.Replace(chronyPackaged, "server 0", "#server 0", 1), "server 1", "#server 1", 1) +
				"# BEGIN rockyiso\nserver ntp.aliyun.com iburst\nallow 10.0.0.0/24\n# END rockyiso\n"},
		{"lvm", lvmPackaged,
			block{lines: []string{`        filter = [ "a/sda/", "a/sdb/", "r/.*/" ]`}, after: lvmDevices, wrap: [2]string{"devices {", "}"}},
			strings.Replace(lvmPackaged, "devices {\n", "devices {\n# BEGIN rockyiso\n        filter = [ \"a/sda/\", \"a/sdb/\", \"r/.*/\" ]\n# END rockyiso\n", 1)},
		{"replace old block", "a\n# BEGIN rockyiso\nold\n# END rockyiso\nb\n", block{lines: []string{"new"}},
			"a\nb\n# BEGIN rockyiso\nnew\n# END rockyiso\n"},
		{"empty", "", block{lines: []string{"x"}}, "# BEGIN rockyiso\nx\n# END rockyiso\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(tt.b.apply([]byte(tt.in)))
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if again := string(tt.b.apply([]byte(got))); again != got {
				t.Errorf("second apply changed the file:\n%s", again)
			}
		})
	}
}

func TestGather(t *testing.T) {
	for _, tt := range []struct {
		name, cpuinfo string
		want          bool
	}{
		{"vmx", "processor\t: 0\nflags\t\t: fpu vme vmx sse\n", true},
		{"svm", "flags\t\t: fpu svm\n", true},
		{"none", "flags\t\t: fpu vme sse hypervisor\n", false},
		{"missing", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := host.NewRoot(t.TempDir())
			if tt.cpuinfo != "" {
				if err := r.WriteFile(host.CPUInfo, []byte(tt.cpuinfo), public); err != nil {
					t.Fatal(err)
				}
			}
			if got := Gather(r).KVM; got != tt.want {
				t.Errorf("KVM = %v, want %v", got, tt.want)
			}
		})
	}
}

func testNode(t *testing.T, file, name string) *site.Node {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", file))
	if err != nil {
		t.Fatal(err)
	}
	sec := site.Secrets{}
	for _, k := range site.SecretNames() {
		sec[k] = "x" + k
	}
	n, err := site.NewNode(s, name, sec)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func names(ss []Step) []string {
	var ns []string
	for _, s := range ss {
		ns = append(ns, s.Name())
	}
	return ns
}

func TestForOrder(t *testing.T) {
	base := []string{"hosts", "chrony", "kernel", "firewall"}
	tests := []struct {
		file, host string
		want       []string
	}{
		{"lab-4node.yaml", "controller", append(slices.Clone(base), "mariadb", "rabbitmq", "memcached", "etcd", "keystone", "glance",
			"nova-controller", "neutron-server", "horizon", "cinder-controller", "health")},
		{"lab-4node.yaml", "neutron", append(slices.Clone(base), "wait-controller", "network-agents", "health")},
		{"lab-4node.yaml", "compute", append(slices.Clone(base), "wait-controller", "nova-compute", "neutron-compute", "health")},
		{"lab-4node.yaml", "block", append(slices.Clone(base), "wait-controller", "cinder-volume", "health")},
		{"esxi-3node.yaml", "Cm-cent1", append(slices.Clone(base), "mariadb", "rabbitmq", "memcached", "etcd", "keystone", "glance",
			"nova-controller", "neutron-server", "network-agents", "horizon", "health")},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			if d := cmp.Diff(tt.want, names(For(testNode(t, tt.file, tt.host), Facts{}))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestVirtType(t *testing.T) {
	n := testNode(t, "lab-4node.yaml", "compute")
	for kvm, want := range map[bool]string{true: "[libvirt] virt_type = kvm", false: "[libvirt] virt_type = qemu"} {
		var all []string
		for _, s := range For(n, Facts{KVM: kvm}) {
			for _, a := range s.Actions() {
				all = append(all, a.String())
			}
		}
		if !strings.Contains(strings.Join(all, "\n"), want) {
			t.Errorf("KVM %v: no %q", kvm, want)
		}
	}
}

// TestServiceRestartsOnChange: a service restarts only when its step
// changed the host, else it is only started when it is not running.
func TestServiceRestartsOnChange(t *testing.T) {
	ctx := context.Background()
	rec := host.NewRecorder()
	e := &Env{Root: host.NewRoot(t.TempDir()), Runner: rec}
	s := restart("etcd.service")
	run := func(changed bool) []string {
		rec.Reset()
		e.Changed = changed
		if st, err := s.Check(ctx, e); err != nil {
			t.Fatal(err)
		} else if st != Done {
			if err := s.Apply(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		var acts []string
		for _, c := range rec.Calls() {
			if !c.Probe {
				acts = append(acts, c.Line)
			}
		}
		return acts
	}
	if got := run(false); !slices.Equal(got, []string{"systemctl enable etcd.service", "systemctl start etcd.service"}) {
		t.Errorf("first: %q", got)
	}
	if got := run(false); len(got) != 0 {
		t.Errorf("running and unchanged: %q", got)
	}
	if got := run(true); !slices.Equal(got, []string{"systemctl enable etcd.service", "systemctl restart etcd.service"}) {
		t.Errorf("changed: %q", got)
	}
}
