package firstboot_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/site"
)

// ExampleEngine_Plan prints what firstboot would do on the lab's block
// node: the step names of its plan.
func ExampleEngine_Plan() {
	s, err := site.Load(filepath.Join("..", "examples", "lab-4node.yaml"))
	if err != nil {
		panic(err)
	}
	n, err := site.NewNode(s, "block", fakeSecrets())
	if err != nil {
		panic(err)
	}
	e := &firstboot.Engine{Node: n, Root: host.NewRoot("/nonexistent"), Facts: &steps.Facts{}}
	var plan bytes.Buffer
	if err := e.Plan(&plan); err != nil {
		panic(err)
	}
	for _, l := range strings.Split(plan.String(), "\n") {
		if l != "" && l[0] != ' ' {
			fmt.Println(l)
		}
	}
	// Output:
	// 1. hosts (timeout 10m0s, 3 attempts)
	// 2. chrony (timeout 10m0s, 3 attempts)
	// 3. kernel (timeout 10m0s, 3 attempts)
	// 4. firewall (timeout 10m0s, 3 attempts)
	// 5. wait-controller (timeout 2m0s, 60 attempts)
	// 6. cinder-volume (timeout 10m0s, 3 attempts)
	// 7. health (timeout 2m0s, 60 attempts)
}
