package kickstart_test

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/GehirnInc/crypt"
	_ "github.com/GehirnInc/crypt/sha512_crypt"
	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/internal/golden"
	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/site"
)

// examples are the two sites of the reference guide.
var examples = map[string]string{
	"lab":  "../examples/lab-4node.yaml",
	"esxi": "../examples/esxi-3node.yaml",
}

func loadSite(t testing.TB, name string) *site.Site {
	t.Helper()
	s, err := site.Load(examples[name])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fakeRootHash is a real SHA-512 crypt hash of a fake password with a
// fixed salt, so the goldens do not change between runs.
func fakeRootHash(t testing.TB) string {
	t.Helper()
	h, err := crypt.SHA512.New().Generate([]byte("not-a-real-password"), []byte("$6$rockyisotest"))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// goldenCase is one kickstart of the golden set.
type goldenCase struct {
	name string
	data kickstart.Data
}

// goldenCases are every host of both examples (cdrom, and http for the
// PXE form), and every role of both examples that has hosts (also for an
// OEMDRV companion volume).
func goldenCases(t testing.TB) []goldenCase {
	t.Helper()
	http, err := kickstart.ParseMedia("http://192.0.2.1/rockyiso-media/")
	if err != nil {
		t.Fatal(err)
	}
	var cs []goldenCase
	for _, sn := range []string{"esxi", "lab"} {
		s := loadSite(t, sn)
		for _, h := range s.Hosts {
			for _, m := range []kickstart.Media{kickstart.CDROM, http} {
				cs = append(cs, goldenCase{sn + "-host-" + h.Name + "-" + mediaName(m),
					kickstart.Data{Site: s, Host: h.Name, Media: m, RootPasswordHash: fakeRootHash(t)}})
			}
		}
		for _, r := range site.Roles {
			if len(s.HostsWith(r)) == 0 {
				continue
			}
			for _, m := range []kickstart.Media{kickstart.CDROM, http, kickstart.OEMDRV} {
				cs = append(cs, goldenCase{sn + "-role-" + string(r) + "-" + mediaName(m),
					kickstart.Data{Site: s, Role: r, Media: m, RootPasswordHash: fakeRootHash(t)}})
			}
		}
	}
	return cs
}

func mediaName(m kickstart.Media) string {
	if m.IsCDROM() {
		return m.String()
	}
	return "http"
}

func render(t testing.TB, d kickstart.Data) string {
	t.Helper()
	var b bytes.Buffer
	if err := kickstart.Render(&b, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func goldenPath(name string) string {
	return filepath.Join("testdata", name+".ks.golden")
}

func TestRenderGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, c.data)
			if again := render(t, c.data); again != got {
				t.Fatalf("two renders differ:\n%s", cmp.Diff(got, again))
			}
			golden.Compare(t, goldenPath(c.name), got)
		})
	}
}

func TestRenderErrors(t *testing.T) {
	lab := loadSite(t, "lab")
	esxi := loadSite(t, "esxi")
	bad := loadSite(t, "lab")
	bad.Hosts[1].Interfaces[0].Address = "192.168.222.6 --bootproto=dhcp"
	h := fakeRootHash(t)
	badName := loadSite(t, "lab")
	badName.Name = "lab\nrootpw --plaintext x"
	tests := []struct {
		name string
		data kickstart.Data
		is   error
		msg  string
	}{
		{"no host or role", kickstart.Data{Site: lab, RootPasswordHash: h}, nil, "give either a host or a role"},
		{"host and role", kickstart.Data{Site: lab, Host: "compute", Role: site.Compute, RootPasswordHash: h}, nil, "give either a host or a role"},
		{"unknown host", kickstart.Data{Site: lab, Host: "compute-9", RootPasswordHash: h}, kickstart.ErrNoHost, `"compute-9" in site lab (hosts: controller, neutron, compute, block)`},
		{"role without hosts", kickstart.Data{Site: esxi, Role: site.Block, RootPasswordHash: h}, kickstart.ErrNoHost, `site esxi has no host of role "block"`},
		{"unsafe value", kickstart.Data{Site: bad, Host: "compute", RootPasswordHash: h}, kickstart.ErrUnsafe, `hosts[1].interfaces[0].address: "192.168.222.6 --bootproto=dhcp" cannot be written`},
		{"no site", kickstart.Data{Host: "compute", RootPasswordHash: h}, nil, "no site"},
		{"site name with a newline", kickstart.Data{Site: badName, Role: site.Compute, RootPasswordHash: h}, kickstart.ErrUnsafe, `name: "lab\nrootpw --plaintext x" cannot be written`},
		{"no root hash", kickstart.Data{Site: lab, Host: "compute"}, kickstart.ErrRootPassword, "run `rockyiso secrets init`"},
		{"clear root password", kickstart.Data{Site: lab, Host: "compute", RootPasswordHash: "hunter2"}, kickstart.ErrRootPassword, "not a crypt(3) hash"},
		{"root hash with a space", kickstart.Data{Site: lab, Host: "compute", RootPasswordHash: "$6$a$b --plaintext"}, kickstart.ErrRootPassword, "not a crypt(3) hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := kickstart.Render(&b, tt.data)
			if err == nil {
				t.Fatal("Render succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if b.Len() != 0 {
				t.Errorf("Render wrote %d bytes before failing", b.Len())
			}
		})
	}
}

func TestTemplatesOverride(t *testing.T) {
	lab := loadSite(t, "lab")
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
		err   string
	}{
		{"replace storage snippet", fstest.MapFS{"storage.tmpl": {Data: []byte("part / --size=8192 --ondisk={{ .Disk }}\n")}},
			"\npart / --size=8192 --ondisk=sda\n", ""},
		{"replace header, sprig function", fstest.MapFS{"header.tmpl": {Data: []byte("# {{ upper .Site.Name }}\nlang de_DE.UTF-8\n")}},
			"# LAB\nlang de_DE.UTF-8\n\n# Installation source", ""},
		{"missing key is an error", fstest.MapFS{"header.tmpl": {Data: []byte("{{ .Site.NoSuchField }}")}}, "", "NoSuchField"},
		{"parse error names the file", fstest.MapFS{"network.tmpl": {Data: []byte("{{ if }}")}}, "", "--templates template network.tmpl"},
		{"random function is absent", fstest.MapFS{"header.tmpl": {Data: []byte("{{ randAlpha 4 }}")}}, "", `"randAlpha" not defined`},
		{"clock function is absent", fstest.MapFS{"header.tmpl": {Data: []byte("{{ now }}")}}, "", `"now" not defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := kickstart.Render(&b, kickstart.Data{Site: lab, Host: "compute", RootPasswordHash: "$6$salt$hash", Templates: tt.files})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("kickstart does not contain %q:\n%s", tt.want, b.String())
			}
		})
	}
}

// TestTemplatesOverrideReachesPre: a replaced per-host section is what a
// role kickstart's %pre writes for %include.
func TestTemplatesOverrideReachesPre(t *testing.T) {
	files := fstest.MapFS{"network.tmpl": {Data: []byte("network --device={{ (index .NICs 0).Name }} --bootproto=dhcp --hostname={{ .FQDN }}\n")}}
	ks := render(t, kickstart.Data{Site: loadSite(t, "esxi"), Role: site.Compute, RootPasswordHash: fakeRootHash(t), Templates: files})
	for _, want := range []string{
		"'network --device=ens33 --bootproto=dhcp --hostname=Cm-cent2.esxi.local' >\"$out\"/'rockyiso-network.ks'",
		"'network --device=ens33 --bootproto=dhcp --hostname=Cm-cent3.esxi.local' >\"$out\"/'rockyiso-network.ks'",
	} {
		if !strings.Contains(ks, want) {
			t.Errorf("role kickstart lacks %s", want)
		}
	}
}

func BenchmarkRenderRole(b *testing.B) {
	d := kickstart.Data{Site: loadSite(b, "lab"), Role: site.Compute, RootPasswordHash: fakeRootHash(b)}
	for b.Loop() {
		if err := kickstart.Render(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
