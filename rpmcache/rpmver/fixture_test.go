package rpmver_test

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

var verAttr = regexp.MustCompile(`(?:ver|rel)="([^"]+)"`)

// fixtureVersions are the version and release strings of the real EL7
// fixtures: RPM file names and every ver/rel attribute of a CentOS 7.9
// primary.xml (packages and their dependencies).
func fixtureVersions(t *testing.T) []string {
	t.Helper()
	set := map[string]bool{}
	ents, err := os.ReadDir(fixture.Path(t, "el7/rpms"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		nvr := strings.TrimSuffix(e.Name(), ".rpm")
		nvr = nvr[:strings.LastIndexByte(nvr, '.')]
		parts := strings.Split(nvr, "-")
		if len(parts) >= 3 {
			set[parts[len(parts)-1]], set[parts[len(parts)-2]] = true, true
		}
	}
	primaries, _ := filepath.Glob(filepath.Join(fixture.Path(t, "el7/repodata-el7-createrepo0.9.9/repodata"), "*-primary.xml.gz"))
	for _, p := range primaries {
		for _, m := range verAttr.FindAllStringSubmatch(readGzip(t, p), -1) {
			set[m[1]] = true
		}
	}
	return slices.Sorted(func(yield func(string) bool) {
		for v := range set {
			if !strings.ContainsAny(v, ":-^") && !yield(v) {
				return
			}
		}
	})
}

func readGzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return string(b)
}

// TestVercmpFixtureVersions compares every pair of a sample of real EL7
// version strings with rpm's own vercmp.
func TestVercmpFixtureVersions(t *testing.T) {
	rpm := fixture.Tool(t, "rpm")
	vs := fixtureVersions(t)
	if len(vs) < 100 {
		t.Fatalf("only %d versions in the fixtures", len(vs))
	}
	step := max(1, len(vs)/120)
	var sample []string
	for i := 0; i < len(vs); i += step {
		sample = append(sample, vs[i])
	}
	var pairs [][2]string
	for _, a := range sample {
		for _, b := range sample {
			pairs = append(pairs, [2]string{a, b})
		}
	}
	got := luaVercmp(t, rpm, "rpm.vercmp", pairs)
	for i, p := range pairs {
		if want := rpmver.Vercmp(p[0], p[1]); got[i] != want && got[i] != rpmRefused {
			t.Errorf("Vercmp(%q, %q) = %d, rpm says %d", p[0], p[1], want, got[i])
		}
	}
	t.Logf("%d real EL7 versions, %d pairs checked against rpm", len(vs), len(pairs))
}
