package site_test

import (
	"errors"
	"fmt"

	"github.com/rockyiso/rockyiso/site"
)

// Parse reports every problem at once, each with its file, line, column
// and field path, and what is expected.
func ExampleParse() {
	_, err := site.Parse("lab.yaml", []byte(`version: 1
name: lab
domain: lab.local
networks:
  management: {cidr: 192.168.222.0/24, gateway: 192.168.222.2}
hosts:
  - name: controller
    roles: [controller]
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.5}
      - {name: ens34, network: provider}
  - name: compute
    roles: [compute]
    interfaces:
      - {name: ens33, network: management, address: 192.168.222.5, mac: "00:0C:29:8C:82"}
`))
	var l site.ErrorList
	if errors.As(err, &l) {
		for _, e := range l.Errors() {
			fmt.Println(e)
		}
	}
	// Output:
	// lab.yaml:15:53: hosts[1].interfaces[0].address: duplicate address 192.168.222.5 (hosts[0].interfaces[0] has it); expected an address of its own
	// lab.yaml:15:73: hosts[1].interfaces[0].mac: "00:0C:29:8C:82" is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C
}
