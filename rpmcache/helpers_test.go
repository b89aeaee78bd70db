package rpmcache_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/rpmpack"
	"github.com/rockyiso/rockyiso/internal/rpmsign"
	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// testKeys returns the pinned throwaway key and a stranger's key.
func testKeys(t testing.TB) (*rpmsign.Key, *rpmsign.Key) {
	t.Helper()
	k, other, err := rpmsign.Pair()
	if err != nil {
		t.Fatal(err)
	}
	return k, other
}

func keyring(t testing.TB, k *rpmsign.Key) *sig.Keyring {
	t.Helper()
	a, err := k.Armored()
	if err != nil {
		t.Fatal(err)
	}
	kr := sig.NewKeyring()
	if err := kr.Add("test", bytes.NewReader(a)); err != nil {
		t.Fatal(err)
	}
	return kr
}

// pkg is a generated package as a repository would list it.
type pkg struct {
	name string
	data []byte
	sum  string
}

// makePkg builds a package of about size bytes signed by s.
func makePkg(t testing.TB, name string, size int, s rpmsign.Signer) pkg {
	t.Helper()
	body := make([]byte, size)
	rand.Read(body)
	b, err := rpmsign.PackageWithBody(rpmpack.RPMMetaData{Name: name, Version: "1.0", Release: "1.el7"}, body, s)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return pkg{name: name, data: b, sum: hex.EncodeToString(sum[:])}
}

// makePkgs builds n packages alternately signed V3/SHA256 and V4/SHA1.
func makePkgs(t testing.TB, n, size int) []pkg {
	k, _ := testKeys(t)
	ps := make([]pkg, n)
	for i := range ps {
		s := k.V3(crypto.SHA256)
		if i%2 == 1 {
			s = k.V4(crypto.SHA1)
		}
		ps[i] = makePkg(t, fmt.Sprintf("pkg%03d", i), size, s)
	}
	return ps
}

// fault decides how the server answers the n-th (from 0) request for a
// file; it returns false to let the file be served normally.
type fault func(w http.ResponseWriter, r *http.Request, n int, data []byte) bool

// server serves packages at /<name>.rpm with optional faults, recording
// the Range header of every request.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	files  map[string][]byte
	faults map[string]fault
	ranges map[string][]string
	delay  time.Duration // per 16 KiB chunk, to slow everything down
}

func newServer(t testing.TB, ps []pkg) *server {
	s := &server{files: map[string][]byte{}, faults: map[string]fault{}, ranges: map[string][]string{}}
	for _, p := range ps {
		s.files["/"+p.name+".rpm"] = p.data
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.files[r.URL.Path]
	n := len(s.ranges[r.URL.Path])
	s.ranges[r.URL.Path] = append(s.ranges[r.URL.Path], r.Header.Get("Range"))
	f, delay := s.faults[r.URL.Path], s.delay
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if f != nil && f(w, r, n, data) {
		return
	}
	http.ServeContent(w, r, "", time.Time{}, &slowReader{bytes.NewReader(data), delay})
}

// requests returns the Range headers of the requests for name.
func (s *server) requests(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ranges["/"+name+".rpm"]...)
}

func (s *server) setFault(name string, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults["/"+name+".rpm"] = f
}

// slowReader sleeps before each read of at most 16 KiB.
type slowReader struct {
	*bytes.Reader
	d time.Duration
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.d > 0 {
		time.Sleep(r.d)
		p = p[:min(len(p), 16<<10)]
	}
	return r.Reader.Read(p)
}

// items lists ps as served by s, checked against keyring kr.
func items(s *server, ps []pkg, kr *sig.Keyring) []rpmcache.Item {
	var its []rpmcache.Item
	for _, p := range ps {
		its = append(its, rpmcache.Item{Name: p.name + "-1.0-1.el7.noarch", URL: s.URL + "/" + p.name + ".rpm",
			SHA256: p.sum, Size: int64(len(p.data)), Keys: kr})
	}
	return its
}

// fastOptions retries quickly so fault tests run fast.
func fastOptions() rpmcache.Options {
	return rpmcache.Options{Workers: 4, Retries: 3, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, StallTimeout: 300 * time.Millisecond}
}

// checkCacheSound fails t if any file in the cache does not hash to its
// name, or a file is left in a place other than sha256/ and partial/.
func checkCacheSound(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(dir, "sha256"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		if want := strings.TrimSuffix(d.Name(), ".rpm"); hex.EncodeToString(h.Sum(nil)) != want {
			t.Errorf("cache holds %s whose sha256 is %x", p, h.Sum(nil))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
