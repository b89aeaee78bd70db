// Command firstboot runs once on a node's first boot and configures the
// node's OpenStack roles from its node bundle (node.json).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "firstboot: not implemented yet")
	os.Exit(1)
}
