package rpmcache_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/google/rpmpack"
	"github.com/rockyiso/rockyiso/internal/rpmsign"
	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// Fetch a package into the cache: it is downloaded, checked against its
// sha256 and signature, and a second Fetch finds it cached.
func ExampleFetcher_Fetch() {
	k, _ := rpmsign.NewKey(time.Unix(1546300800, 0))
	pkg, _ := rpmsign.Package(rpmpack.RPMMetaData{Name: "demo", Version: "1", Release: "1"}, k.V4(crypto.SHA256))
	sum := sha256.Sum256(pkg)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(pkg))
	}))
	defer srv.Close()

	kr := sig.NewKeyring()
	a, _ := k.Armored()
	_ = kr.Add("demo-key", bytes.NewReader(a))
	dir, _ := os.MkdirTemp("", "cache")
	defer os.RemoveAll(dir)
	c, _ := rpmcache.Open(dir)
	defer c.Close()

	items := []rpmcache.Item{{Name: "demo-1-1.noarch", URL: srv.URL + "/demo-1-1.noarch.rpm",
		SHA256: hex.EncodeToString(sum[:]), Size: int64(len(pkg)), Keys: kr}}
	f := rpmcache.NewFetcher(c, rpmcache.Options{Workers: 4})
	st, err := f.Fetch(context.Background(), items)
	fmt.Println(st.Fetched, st.Cached, err)
	st, err = f.Fetch(context.Background(), items)
	fmt.Println(st.Fetched, st.Cached, err)
	// Output:
	// 1 0 <nil>
	// 0 1 <nil>
}
