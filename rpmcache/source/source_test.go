package source_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/rpmcache/keys"
	"github.com/rockyiso/rockyiso/rpmcache/source"
)

const good = `repos:
  - name: os
    baseurl: https://vault.centos.org/7.9.2009/os/x86_64/
    priority: 10
    keys: [RPM-GPG-KEY-CentOS-7]
  - name: local
    baseurl: file:///srv/extra/
    nosig: true
`

func TestParse(t *testing.T) {
	s, err := source.Parse("s.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []source.Repo{
		{Name: "os", BaseURL: "https://vault.centos.org/7.9.2009/os/x86_64/", Priority: 10, Keys: []string{"RPM-GPG-KEY-CentOS-7"}, Line: 2},
		{Name: "local", BaseURL: "file:///srv/extra/", Priority: source.DefaultPriority, NoSig: true, Line: 6},
	}
	if d := cmp.Diff(want, s.Repos); d != "" {
		t.Errorf("repos (-want +got):\n%s", d)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"unknown top key", "repo:\n  - name: a\n", "s.yaml: yaml: unmarshal errors:\n  line 1: field repo not found"},
		{"unknown repo key", "repos:\n  - name: a\n    baseurl: http://x/\n    gpgkey: k\n", `s.yaml:4: unknown field "gpgkey"`},
		{"wrong type", "repos:\n  - name: a\n    baseurl: http://x/\n    priority: high\n    keys: [k]\n", "s.yaml:2: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `high` into int"},
		{"no keys", "repos:\n  - name: a\n    baseurl: http://x/\n", `s.yaml:2: repo "a": keys: none pinned`},
		{"keys and nosig", "repos:\n  - name: a\n    baseurl: http://x/\n    keys: [k]\n    nosig: true\n", `s.yaml:2: repo "a": nosig: true with keys`},
		{"bad scheme", "repos:\n  - name: a\n    baseurl: ftp://x/\n    keys: [k]\n", `s.yaml:2: repo "a": baseurl: "ftp://x/" is not`},
		{"relative file", "repos:\n  - name: a\n    baseurl: file://srv/x\n    keys: [k]\n", `s.yaml:2: repo "a": baseurl: "file://srv/x" is not`},
		{"priority range", "repos:\n  - name: a\n    baseurl: http://x/\n    keys: [k]\n    priority: 0\n", `s.yaml:2: repo "a": priority: 0 is outside 1..99`},
		{"duplicate", "repos:\n  - name: a\n    baseurl: http://x/\n    keys: [k]\n  - name: a\n    baseurl: http://y/\n    keys: [k]\n", `s.yaml:5: repo "a": name used twice`},
		{"bad name", "repos:\n  - name: ../a\n    baseurl: http://x/\n    keys: [k]\n", `s.yaml:2: repo "../a": name: required`},
		{"empty", "", "s.yaml: repos: no repositories listed"},
		{"not a mapping", "repos:\n  - just-a-string\n", "s.yaml:2: repos: each repo is a mapping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := source.Parse("s.yaml", []byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDefaultIsValidAndPinned(t *testing.T) {
	d := source.Default()
	var b strings.Builder
	b.WriteString("repos:\n")
	for _, r := range d.Repos {
		b.WriteString("  - {name: " + r.Name + ", baseurl: " + r.BaseURL + ", keys: [" + strings.Join(r.Keys, ",") + "]}\n")
	}
	if _, err := source.Parse("default", []byte(b.String())); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	for _, r := range d.Repos[:4] {
		kr, err := r.Keyring("")
		if err != nil || len(kr.IDs()) == 0 {
			t.Errorf("repo %s: built-in key not loaded: %v", r.Name, err)
		}
	}
}

func TestKeyringSources(t *testing.T) {
	dir := t.TempDir()
	b, _ := keys.Get(keys.SIGCloud)
	if err := os.WriteFile(filepath.Join(dir, "cloud.asc"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		keys []string
		ok   bool
	}{
		{"built in", []string{keys.CentOS7}, true},
		{"relative path", []string{"./cloud.asc"}, true},
		{"absolute path", []string{filepath.Join(dir, "cloud.asc")}, true},
		{"missing", []string{"RPM-GPG-KEY-nowhere"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := source.Repo{Name: "r", Keys: tc.keys}.Keyring(dir)
			if (err == nil) != tc.ok {
				t.Errorf("Keyring: %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestWarnNoSig(t *testing.T) {
	s, err := source.Parse("s.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	s.WarnNoSig(slog.New(slog.NewTextHandler(&buf, nil)))
	if got := buf.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "repo=local") || strings.Contains(got, "repo=os") {
		t.Errorf("warnings:\n%s", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("repos:\n  - {name: a, baseurl: 'http://x/', keys: [k]}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := source.Parse("f.yaml", b)
		if err != nil {
			return
		}
		for _, r := range s.Repos {
			if r.Name == "" || (len(r.Keys) == 0) == !r.NoSig {
				t.Fatalf("accepted an invalid repo: %+v", r)
			}
		}
	})
}
