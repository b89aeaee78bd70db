package ini_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/ini"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type set struct{ section, key, value string }

// samples are the packaged files' shapes and the guide's edits to them.
var samples = map[string][]set{
	"keystone.conf": {
		{"database", "connection", "mysql+pymysql://keystone:KEYSTONE_DBPASS@controller/keystone"},
		{"token", "provider", "fernet"},
	},
	"nova.conf": {
		{"DEFAULT", "enabled_apis", "osapi_compute,metadata"},
		{"DEFAULT", "my_ip", "10.0.0.11"},
		{"DEFAULT", "use_neutron", "true"},
		{"api_database", "connection", "mysql+pymysql://nova:NOVA_DBPASS@controller/nova_api"},
		{"database", "connection", "mysql+pymysql://nova:NOVA_DBPASS@controller/nova"},
		{"vnc", "enabled", "true"},
		{"scheduler", "discover_hosts_in_cells_interval", "300"},
	},
	"neutron.conf": {
		{"database", "connection", "mysql+pymysql://neutron:NEUTRON_DBPASS@controller/neutron"},
		{"DEFAULT", "core_plugin", "ml2"},
		{"DEFAULT", "transport_url", "rabbit://openstack:RABBIT_PASS@controller"},
		{"nova", "auth_url", "http://controller:5000"},
		{"oslo_concurrency", "lock_path", "/var/lib/neutron/tmp"},
	},
	"ml2_conf.ini": {
		{"ml2", "type_drivers", "flat,vlan,vxlan"},
		{"ml2", "mechanism_drivers", "linuxbridge,l2population"},
		{"ml2_type_flat", "flat_networks", "provider"},
		{"ml2_type_vxlan", "vni_ranges", "1:1000"},
		{"securitygroup", "enable_ipset", "true"},
	},
}

func TestRoundTrip(t *testing.T) {
	for name := range samples {
		t.Run(name, func(t *testing.T) {
			b := readFile(t, name)
			if d := cmp.Diff(string(b), string(ini.Parse(b).Bytes())); d != "" {
				t.Errorf("round trip changed the file (-want +got):\n%s", d)
			}
		})
	}
}

func TestEditPackaged(t *testing.T) {
	for name, sets := range samples {
		t.Run(name, func(t *testing.T) {
			orig := readFile(t, name)
			f := ini.Parse(orig)
			for _, s := range sets {
				f.Set(s.section, s.key, s.value)
			}
			got := f.Bytes()
			checkGolden(t, name+".golden", got)
			checkOnlyAdded(t, orig, got, len(sets))
			again := ini.Parse(got)
			for _, s := range sets {
				again.Set(s.section, s.key, s.value)
				if v, _ := again.Get(s.section, s.key); v != s.value {
					t.Errorf("Get(%s, %s) = %q, want %q", s.section, s.key, v, s.value)
				}
			}
			if d := cmp.Diff(string(got), string(again.Bytes())); d != "" {
				t.Errorf("setting the same keys again changed the file:\n%s", d)
			}
		})
	}
}

// checkOnlyAdded asserts that got is orig with lines added (the set keys
// and at most one header and blank line per new section) and none removed.
func checkOnlyAdded(t *testing.T, orig, got []byte, sets int) {
	t.Helper()
	o := strings.Split(string(orig), "\n")
	g := strings.Split(string(got), "\n")
	i := 0
	for _, l := range g {
		if i < len(o) && l == o[i] {
			i++
		}
	}
	if i != len(o) {
		t.Errorf("original line %d %q is gone", i+1, o[i])
	}
	if extra := len(g) - len(o); extra < sets || extra > 3*sets {
		t.Errorf("%d lines added for %d keys", extra, sets)
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name, in string
		edit     func(f *ini.File)
		want     string
	}{
		{"after sample", "[a]\n# help\n#k = 1\n\n[b]\n", func(f *ini.File) { f.Set("a", "k", "2") }, "[a]\n# help\n#k = 1\nk = 2\n\n[b]\n"},
		{"replace keeps place", "[a]\nx=1\nk=1\ny=1\n", func(f *ini.File) { f.Set("a", "k", "2") }, "[a]\nx=1\nk = 2\ny=1\n"},
		{"equal value untouched", "[a]\nk=2\n", func(f *ini.File) { f.Set("a", "k", "2") }, "[a]\nk=2\n"},
		{"after last key", "[a]\nx = 1\n\n# trailer\n[b]\n", func(f *ini.File) { f.Set("a", "k", "2") }, "[a]\nx = 1\nk = 2\n\n# trailer\n[b]\n"},
		{"new section at end", "[a]\nx = 1\n", func(f *ini.File) { f.Set("b", "k", "2") }, "[a]\nx = 1\n\n[b]\nk = 2\n"},
		{"empty file", "", func(f *ini.File) { f.Set("DEFAULT", "k", "v") }, "[DEFAULT]\nk = v\n"},
		{"other section untouched", "[a]\nk = 1\n[b]\nk = 1\n", func(f *ini.File) { f.Set("b", "k", "2") }, "[a]\nk = 1\n[b]\nk = 2\n"},
		{"duplicates collapse", "[a]\nk = 1\nk = 3\n", func(f *ini.File) { f.Set("a", "k", "2") }, "[a]\nk = 2\n"},
		{"multi", "[a]\nk = 1\nz = 0\nk = 3\n", func(f *ini.File) { f.SetMulti("a", "k", []string{"x", "y"}) }, "[a]\nx\n"},
		{"delete with continuation", "[a]\nk = 1\n  more\nz = 0\n", func(f *ini.File) { f.Delete("a", "k") }, "[a]\nz = 0\n"},
		{"repeated section", "[a]\nx = 1\n[b]\n[a]\ny = 1\n", func(f *ini.File) { f.Set("a", "y", "2") }, "[a]\nx = 1\n[b]\n[a]\ny = 2\n"},
		{"no final newline", "[a]\nx = 1", func(f *ini.File) { f.Set("a", "x", "2") }, "[a]\nx = 2"},
	}
	tests[8].want = "[a]\nk = x\nk = y\nz = 0\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ini.Parse([]byte(tt.in))
			tt.edit(f)
			if d := cmp.Diff(tt.want, string(f.Bytes())); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestGetMulti(t *testing.T) {
	f := ini.Parse([]byte("[DEFAULT]\nk = a\n#k = z\nk: b\n[x]\nk = c\n"))
	if got := f.GetMulti("DEFAULT", "k"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("GetMulti = %q", got)
	}
	if v, ok := f.Get("x", "k"); !ok || v != "c" {
		t.Errorf("Get = %q, %v", v, ok)
	}
	if _, ok := f.Get("x", "missing"); ok {
		t.Error("Get of a missing key reports it set")
	}
	if got := f.Sections(); !slices.Equal(got, []string{"DEFAULT", "x"}) {
		t.Errorf("Sections = %q", got)
	}
}

func FuzzIni(f *testing.F) {
	for name := range samples {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "DEFAULT", "k", "v")
	}
	f.Add([]byte("[a]\n k\n=\n[\n"), "a", "k", "")
	f.Fuzz(func(t *testing.T, data []byte, section, key, value string) {
		if got := ini.Parse(data).Bytes(); string(got) != string(data) {
			t.Fatalf("round trip changed %q into %q", data, got)
		}
		if !validName(section) || !validName(key) || strings.ContainsAny(value, "\n\r") || value != strings.TrimSpace(value) {
			return
		}
		e := ini.Parse(data)
		e.Set(section, key, value)
		out := e.Bytes()
		if v, ok := ini.Parse(out).Get(section, key); !ok || v != value {
			t.Fatalf("after Set(%q, %q, %q) on %q: Get = %q, %v in %q", section, key, value, data, v, ok, out)
		}
	})
}

// validName is what an option or section name can be.
func validName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "[]=:#; \t\r\n") && strings.TrimSpace(s) == s
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update): %v", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", name, d)
	}
}
