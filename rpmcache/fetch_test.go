package rpmcache_test

import (
	"context"
	"crypto"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

func fail500(times int) fault {
	return func(w http.ResponseWriter, _ *http.Request, n int, _ []byte) bool {
		if n < times {
			http.Error(w, "boom", http.StatusInternalServerError)
			return true
		}
		return false
	}
}

// halfThen sends the first half of the body, announcing the whole, then
// calls end (first request only).
func halfThen(end func(r *http.Request)) fault {
	return func(w http.ResponseWriter, r *http.Request, n int, data []byte) bool {
		if n > 0 {
			return false
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		end(r)
		return true
	}
}

var (
	stall = halfThen(func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	})
	truncate = halfThen(func(*http.Request) { panic(http.ErrAbortHandler) })
)

// ignoreRange serves the whole file with 200 whatever the request asks.
func ignoreRange(first fault) fault {
	return func(w http.ResponseWriter, r *http.Request, n int, data []byte) bool {
		if first(w, r, n, data) {
			return true
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
		return true
	}
}

// serve serves other bytes in place of the package.
func serve(other []byte) fault {
	return func(w http.ResponseWriter, _ *http.Request, _ int, _ []byte) bool {
		_, _ = w.Write(other)
		return true
	}
}

func TestFetchFaults(t *testing.T) {
	k, stranger := testKeys(t)
	kr := keyring(t, k)
	good := makePkgs(t, 2, 64<<10)
	wrongSig := func(d []byte) ([]byte, error) { return k.SignV3(crypto.SHA256, append(d, 1)) }
	for _, tc := range []struct {
		name      string
		pkg       pkg
		fault     fault
		wantErr   error  // nil: fetched
		wantMsg   string // in the error
		wantRange []string
	}{
		{"500s then success", good[0], fail500(2), nil, "", []string{"", "", ""}},
		{"500s forever", good[0], fail500(99), rpmcache.ErrRetriesExhausted, "500 Internal Server Error", []string{"", "", "", ""}},
		{"stall then resume", good[0], stall, nil, "", []string{"", "bytes=" + strconv.Itoa(len(good[0].data)/2) + "-"}},
		{"truncated then resume", good[1], truncate, nil, "", []string{"", "bytes=" + strconv.Itoa(len(good[1].data)/2) + "-"}},
		{"range ignored after truncation", good[1], ignoreRange(truncate), nil, "", []string{"", "bytes=" + strconv.Itoa(len(good[1].data)/2) + "-"}},
		{"wrong bytes", good[0], serve(good[1].data), rpmcache.ErrRefused, "sha256", []string{""}},
		{"unknown key", makePkg(t, "stranger", 1024, stranger.V4(crypto.SHA256)), nil, sig.ErrUnknownKey, "not pinned", []string{""}},
		{"bad signature", makePkg(t, "badsig", 1024, wrongSig), nil, sig.ErrBadSignature, "bad signature", []string{""}},
		{"unsigned", makePkg(t, "unsigned", 1024, nil), nil, sig.ErrUnsigned, "not signed", []string{""}},
		{"not found", good[0], func(w http.ResponseWriter, r *http.Request, _ int, _ []byte) bool { http.NotFound(w, r); return true }, errNotRetried, "404", []string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, []pkg{tc.pkg})
			srv.setFault(tc.pkg.name, tc.fault)
			dir := t.TempDir()
			c, err := rpmcache.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			its := items(srv, []pkg{tc.pkg}, kr)
			_, err = rpmcache.NewFetcher(c, fastOptions()).Fetch(context.Background(), its)
			checkFetchErr(t, err, tc.wantErr, tc.wantMsg, its[0].Name)
			if got := c.Has(tc.pkg.sum); got != (tc.wantErr == nil) {
				t.Errorf("cache has package = %v, want %v", got, tc.wantErr == nil)
			}
			if d := cmp.Diff(tc.wantRange, srv.requests(tc.pkg.name)); d != "" {
				t.Errorf("requests' Range headers (-want +got):\n%s", d)
			}
			checkCacheSound(t, dir)
			if tc.wantErr != nil {
				assertNoPartial(t, dir, tc.pkg.sum, tc.wantErr)
			}
		})
	}
}

// errNotRetried stands for a permanent HTTP error in the table.
var errNotRetried = errors.New("not retried")

func checkFetchErr(t *testing.T, err, want error, msg, name string) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("Fetch: %v", err)
	case want == nil:
	case err == nil:
		t.Fatalf("Fetch succeeded, want %v", want)
	case want != errNotRetried && !errors.Is(err, want):
		t.Errorf("Fetch error %v, want %v", err, want)
	}
	if err != nil && (!strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), msg)) {
		t.Errorf("error %q does not name the package %s and the reason %q", err, name, msg)
	}
}

// assertNoPartial checks that a refused package leaves nothing behind.
func assertNoPartial(t *testing.T, dir, sum string, why error) {
	t.Helper()
	if !errors.Is(why, rpmcache.ErrRefused) && !errors.Is(why, sig.ErrUnknownKey) && !errors.Is(why, sig.ErrBadSignature) && !errors.Is(why, sig.ErrUnsigned) {
		return
	}
	if _, err := os.Stat(filepath.Join(dir, "partial", sum+".part")); !os.IsNotExist(err) {
		t.Errorf("refused package's partial download kept: %v", err)
	}
}

func TestFetchMany(t *testing.T) {
	k, _ := testKeys(t)
	ps := makePkgs(t, 12, 32<<10)
	srv := newServer(t, ps)
	srv.setFault(ps[3].name, fail500(1))
	srv.setFault(ps[7].name, truncate)
	c, err := rpmcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	its := items(srv, ps, keyring(t, k))
	f := rpmcache.NewFetcher(c, fastOptions())
	st, err := f.Fetch(context.Background(), append(its, its[0])) // a duplicate is fetched once
	if err != nil || st.Fetched != len(ps) || st.Cached != 0 {
		t.Fatalf("Fetch = %+v, %v; want %d fetched", st, err, len(ps))
	}
	st, err = f.Fetch(context.Background(), its)
	if err != nil || st.Fetched != 0 || st.Cached != len(ps) {
		t.Fatalf("second Fetch = %+v, %v; want all %d cached", st, err, len(ps))
	}
	if n := len(srv.requests(ps[0].name)); n != 1 {
		t.Errorf("%s requested %d times, want once", ps[0].name, n)
	}
}

func TestFetchFileURL(t *testing.T) {
	k, _ := testKeys(t)
	p := makePkgs(t, 1, 4096)[0]
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "a.rpm"), p.data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := rpmcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	it := rpmcache.Item{Name: "a", URL: "file://" + filepath.Join(src, "a.rpm"), SHA256: p.sum, Keys: keyring(t, k)}
	if _, err := rpmcache.NewFetcher(c, fastOptions()).Fetch(context.Background(), []rpmcache.Item{it}); err != nil {
		t.Fatal(err)
	}
	if !c.Has(p.sum) {
		t.Error("package not cached")
	}
}

func TestFetchNoSig(t *testing.T) {
	p := makePkg(t, "unsigned", 1024, nil)
	srv := newServer(t, []pkg{p})
	c, err := rpmcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	it := items(srv, []pkg{p}, nil)[0]
	it.NoSig = true
	if _, err := rpmcache.NewFetcher(c, fastOptions()).Fetch(context.Background(), []rpmcache.Item{it}); err != nil {
		t.Fatalf("opted-out repo: %v", err)
	}
}

func TestCacheConfined(t *testing.T) {
	c, err := rpmcache.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range []string{"../../../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/", "", strings.Repeat("0", 62) + ".."} {
		if _, err := c.Path(sum); !errors.Is(err, rpmcache.ErrBadDigest) {
			t.Errorf("Path(%q) = %v, want ErrBadDigest", sum, err)
		}
		if c.Has(sum) {
			t.Errorf("Has(%q) = true", sum)
		}
	}
	it := rpmcache.Item{Name: "evil", URL: "http://127.0.0.1:1/x.rpm", SHA256: "../" + strings.Repeat("a", 61)}
	if _, err := rpmcache.NewFetcher(c, fastOptions()).Fetch(context.Background(), []rpmcache.Item{it}); !errors.Is(err, rpmcache.ErrBadDigest) {
		t.Errorf("Fetch with a path as digest: %v", err)
	}
}

func TestCacheLocked(t *testing.T) {
	dir := t.TempDir()
	c, err := rpmcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rpmcache.Open(dir); !errors.Is(err, rpmcache.ErrBusy) {
		t.Fatalf("second Open = %v, want ErrBusy", err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	c, err = rpmcache.Open(dir)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	c.Close()
}
