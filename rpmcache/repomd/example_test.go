package repomd_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func ExampleParseComps() {
	c, err := repomd.ParseComps(strings.NewReader(`<comps><group><id>core</id>
	  <packagelist><packagereq type="mandatory">bash</packagereq>
	  <packagereq type="default">openssh-server</packagereq>
	  <packagereq type="optional">tboot</packagereq></packagelist></group></comps>`))
	if err != nil {
		panic(err)
	}
	core, _ := c.Group("core")
	fmt.Println(core.Installed())
	// Output: [bash openssh-server]
}

func ExampleSafeHref() {
	for _, href := range []string{"Packages/bash-4.2.46-34.el7.x86_64.rpm", "../../etc/shadow", "http://elsewhere/x.rpm"} {
		fmt.Println(href, repomd.SafeHref(href) == nil)
	}
	// Output:
	// Packages/bash-4.2.46-34.el7.x86_64.rpm true
	// ../../etc/shadow false
	// http://elsewhere/x.rpm false
}

// Load reads and verifies a repository's metadata; the mirror passes an
// Opener that fetches over HTTP instead.
func ExampleLoad() {
	dir := "/srv/repo"
	open := func(href string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, href)) }
	repo, err := repomd.Load(open, repomd.Want{Filelists: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range repo.Packages {
		fmt.Println(p.NEVRA(), p.Location, p.Checksum.Value)
	}
}
