package kickstart_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"

	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/site"
)

// The role kickstart an ISO of the lab's compute role carries: installed
// from the booted media, with the host found at install time.
func ExampleRender() {
	s, err := site.Load("../examples/lab-4node.yaml")
	if err != nil {
		log.Fatal(err)
	}
	var ks bytes.Buffer
	err = kickstart.Render(&ks, kickstart.Data{
		Site:             s,
		Role:             site.Compute,
		Media:            kickstart.CDROM,
		RootPasswordHash: "$6$salt$hash",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(ks.String(), "\n") {
		for _, cmd := range []string{"cdrom", "repo ", "%include", "firewall ", "%pre ", "reboot"} {
			if strings.HasPrefix(line, cmd) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// cdrom
	// repo --name=rockyiso --baseurl=file:///run/install/repo/rockyiso/repo
	// %include /tmp/rockyiso-network.ks
	// firewall --enabled --service=ssh --port=4789:udp,5900-5999:tcp,16509:tcp
	// reboot --eject
	// %pre --interpreter=/bin/sh --erroronfail --log=/tmp/rockyiso-pre.log
}
