package iso_test

import (
	"context"
	"log"
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
