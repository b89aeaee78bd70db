package ini_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rockyiso/rockyiso/firstboot/ini"
)

// BenchmarkEditNovaConf sets the keys of bench/ini-keys.txt in the nova.conf
// sample, as bench/ini.sh does with crudini.
func BenchmarkEditNovaConf(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "nova.conf"))
	if err != nil {
		b.Fatal(err)
	}
	keys := benchKeys()
	b.ReportAllocs()
	for b.Loop() {
		f := ini.Parse(data)
		for _, k := range keys {
			f.Set(k[0], k[1], k[2])
		}
		_ = f.Bytes()
	}
}

// benchKeys are 30 of the guide's nova.conf settings.
func benchKeys() [][3]string {
	var ks [][3]string
	for _, s := range []string{"DEFAULT", "api", "keystone_authtoken", "vnc", "glance", "placement"} {
		for _, k := range []string{"auth_url", "username", "password", "project_name", "region_name"} {
			ks = append(ks, [3]string{s, k, "value-of-" + k})
		}
	}
	return ks
}
