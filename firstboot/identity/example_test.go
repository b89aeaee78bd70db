package identity_test

import (
	"fmt"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

// Build gives the declarative state that `firstboot plan` prints, with
// every password shown as ******.
func ExampleBuild() {
	s, err := site.Load("../../examples/lab-4node.yaml")
	if err != nil {
		panic(err)
	}
	sec := site.Secrets{}
	for _, k := range site.SecretNames() {
		sec[k] = "s3cret-" + k
	}
	st, err := identity.Build(s, sec)
	if err != nil {
		panic(err)
	}
	for _, l := range st.Lines()[11:13] {
		fmt.Println(l)
	}
	fmt.Println(len(st.Users), "users,", len(st.Endpoints), "endpoints")
	// Output:
	// openstack user create --domain Default --password ****** admin
	// openstack user create --domain Default --password ****** myuser
	// 7 users, 21 endpoints
}
