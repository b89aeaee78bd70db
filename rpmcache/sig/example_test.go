package sig_test

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"time"

	"github.com/google/rpmpack"
	"github.com/rockyiso/rockyiso/internal/rpmsign"
	"github.com/rockyiso/rockyiso/rpmcache/keys"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// Verify a package against the pinned CentOS 7 key: a package signed with
// any other key is refused, naming the key.
func ExampleVerify() {
	kr := sig.NewKeyring()
	centos, _ := keys.Get(keys.CentOS7)
	if err := kr.Add(keys.CentOS7, bytes.NewReader(centos)); err != nil {
		panic(err)
	}
	k, _ := rpmsign.NewKey(time.Unix(1546300800, 0))
	pkg, _ := rpmsign.Package(rpmpack.RPMMetaData{Name: "demo", Version: "1", Release: "1"}, k.V3(crypto.SHA256))

	_, err := sig.Verify(bytes.NewReader(pkg), kr)
	fmt.Println(errors.Is(err, sig.ErrUnknownKey))

	a, _ := k.Armored()
	_ = kr.Add("my-key", bytes.NewReader(a))
	res, err := sig.Verify(bytes.NewReader(pkg), kr)
	fmt.Println(res.KeyName, res.Kind, err)
	// Output:
	// true
	// my-key V3 RSA/SHA256 <nil>
}
