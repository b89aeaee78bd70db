package ini_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/ini"
)

const etcdSample = `#[Member]
#ETCD_CORS=""
ETCD_DATA_DIR="/var/lib/etcd/default.etcd"
#ETCD_LISTEN_PEER_URLS="http://localhost:2380"
ETCD_LISTEN_CLIENT_URLS="http://localhost:2379"
ETCD_NAME="default"
#
#[Clustering]
#ETCD_INITIAL_CLUSTER="default=http://localhost:2380"
`

func TestVars(t *testing.T) {
	tests := []struct {
		name, in, key, value, want string
	}{
		{"replace", etcdSample, "ETCD_NAME", "controller", `ETCD_NAME="controller"`},
		{"after sample", etcdSample, "ETCD_LISTEN_PEER_URLS", "http://10.0.0.11:2380",
			"#ETCD_LISTEN_PEER_URLS=\"http://localhost:2380\"\nETCD_LISTEN_PEER_URLS=\"http://10.0.0.11:2380\"\n"},
		{"memcached", "PORT=\"11211\"\nOPTIONS=\"\"\n", "OPTIONS", "-l 127.0.0.1,::1,controller", "OPTIONS=\"-l 127.0.0.1,::1,controller\"\n"},
		{"quoting", "", "X", `a "b" $c`, `X="a \"b\" \$c"` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ini.ParseVars([]byte(tt.in))
			if got := string(ini.ParseVars([]byte(tt.in)).Bytes()); got != tt.in {
				t.Fatalf("round trip: %q", got)
			}
			v.Set(tt.key, tt.value)
			out := string(v.Bytes())
			if !contains(out, tt.want) {
				t.Errorf("got\n%s\nwant it to contain %q", out, tt.want)
			}
			if got, ok := ini.ParseVars([]byte(out)).Get(tt.key); !ok || got != tt.value {
				t.Errorf("Get = %q, %v; want %q", got, ok, tt.value)
			}
			again := ini.ParseVars([]byte(out))
			again.Set(tt.key, tt.value)
			if d := cmp.Diff(out, string(again.Bytes())); d != "" {
				t.Errorf("second Set changed the file:\n%s", d)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func FuzzVars(f *testing.F) {
	f.Add([]byte(etcdSample), "ETCD_NAME", "controller")
	f.Add([]byte("OPTIONS=\"-l 127.0.0.1\"\n#X='a'\n"), "X", `a"b$c\`)
	f.Fuzz(func(t *testing.T, data []byte, key, value string) {
		if got := ini.ParseVars(data).Bytes(); string(got) != string(data) {
			t.Fatalf("round trip changed %q into %q", data, got)
		}
		if !validVar(key) || strings.ContainsAny(value, "\n\r") {
			return
		}
		v := ini.ParseVars(data)
		v.Set(key, value)
		if got, ok := ini.ParseVars(v.Bytes()).Get(key); !ok || got != value {
			t.Fatalf("Set(%q, %q) on %q: Get = %q, %v in %q", key, value, data, got, ok, v.Bytes())
		}
	})
}

func validVar(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
		digit := i > 0 && r >= '0' && r <= '9'
		if !letter && !digit {
			return false
		}
	}
	return true
}
