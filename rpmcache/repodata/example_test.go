package repodata_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

// Create writes /srv/repo/repodata for the RPMs under /srv/repo, reusing
// the metadata of unchanged packages and publishing a comps file.
func ExampleCreate() {
	comps, err := os.Open("/srv/comps.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer comps.Close()
	res, err := repodata.Create(context.Background(), "/srv/repo", repodata.Options{
		Workers: 4,
		Now:     time.Unix(1700000000, 0), // from SOURCE_DATE_EPOCH
		Update:  true,
		Groups:  comps,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Packages, "packages,", res.Reused, "reused")
}
