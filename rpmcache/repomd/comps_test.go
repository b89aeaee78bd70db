package repomd_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func TestParseCompsCentOS7Core(t *testing.T) {
	f, err := os.Open(fixture.Path(t, "el7/comps-c7-x86_64.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := repomd.ParseComps(f)
	if err != nil {
		t.Fatal(err)
	}
	core, ok := c.Group("core")
	if !ok {
		t.Fatal("no core group")
	}
	if core.Name != "Core" || !core.Default || core.UserVisible {
		t.Errorf("core = %q default=%v uservisible=%v", core.Name, core.Default, core.UserVisible)
	}
	inst := core.Installed()
	for _, want := range []string{"audit", "bash", "glibc", "yum", "openssh-server"} {
		if !slices.Contains(inst, want) {
			t.Errorf("@core does not install %s", want)
		}
	}
	types := map[string]int{}
	for _, p := range core.Packages {
		types[p.Type]++
	}
	if types["mandatory"] == 0 || types["default"] == 0 || types["optional"] == 0 {
		t.Errorf("core package types %v: want mandatory, default and optional", types)
	}
	if len(c.Environments) == 0 || !slices.Contains(c.Environments[0].Groups, "core") {
		t.Errorf("environments %+v: want one with core", c.Environments)
	}
}

func TestParseCompsTypes(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []repomd.PackageReq
		bad       bool
	}{
		{"conditional", `<comps><group><id>g</id><packagelist><packagereq type="conditional" requires="a">b</packagereq><packagereq>c</packagereq></packagelist></group></comps>`,
			[]repomd.PackageReq{{Name: "b", Type: "conditional", Requires: "a"}, {Name: "c", Type: "mandatory"}}, false},
		{"unknown type", `<comps><group><id>g</id><packagelist><packagereq type="weird">b</packagereq></packagelist></group></comps>`, nil, true},
		{"no id", `<comps><group><packagelist><packagereq>a</packagereq></packagelist></group></comps>`, nil, true},
		{"not comps", `<metadata/>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := repomd.ParseComps(strings.NewReader(tt.doc))
			if tt.bad {
				if !errors.Is(err, repomd.ErrMetadata) {
					t.Fatalf("got %v, want ErrMetadata", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.Groups[0].Packages, tt.want) {
				t.Fatalf("got %+v, want %+v", c.Groups[0].Packages, tt.want)
			}
		})
	}
}
