package iso_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// Build remasters CentOS 7 media into a compute ISO that installs
// unattended, with an entry per host in the boot menu.
func ExampleBuild() {
	err := iso.Build(context.Background(), iso.Options{
		Base:      "CentOS-7-x86_64-DVD-2009.iso",
		Out:       "compute.iso",
		Label:     "ROCKY7_COMPUTE",
		Kickstart: []byte("# the compute role kickstart\n"),
		Files: []iso.File{
			{Path: layouts.FirstbootBin, Source: "firstboot", Mode: 0o755},
			{Path: layouts.NodesDir + "/compute-2.json", Source: "compute-2.json", Mode: 0o600},
		},
		Hosts:   []iso.MenuHost{{Name: "compute-2", MAC: "00:0c:29:8c:82:4c"}},
		Timeout: 10 * time.Second,
		Now:     time.Unix(1700000000, 0),
	})
	if err != nil {
		log.Print(err)
	}
}

// OpenVolume reads files straight out of an image, here an OEMDRV volume
// just written; the Volume's Open is a repomd.Opener for a base media's
// repodata.
func ExampleOpenVolume() {
	dir, err := os.MkdirTemp("", "rockyiso-example-")
	if err != nil {
		log.Print(err)
		return
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "oemdrv.iso")
	err = iso.BuildOEMDRV(context.Background(), iso.OEMDRVOptions{
		Out: out, Kickstart: []byte("# kickstart\n"), Now: time.Unix(1700000000, 0),
		Files: []iso.File{{Path: "repodata/repomd.xml", Data: []byte("<repomd/>\n")}},
	})
	if err != nil {
		log.Print(err)
		return
	}
	f, err := os.Open(out)
	if err != nil {
		log.Print(err)
		return
	}
	defer f.Close()
	v, err := iso.OpenVolume(f)
	if err != nil {
		log.Print(err)
		return
	}
	rc, err := v.Open("repodata/repomd.xml")
	if err != nil {
		log.Print(err)
		return
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	fmt.Printf("%s: %s", v.Label(), b)
	// Output: OEMDRV: <repomd/>
}
