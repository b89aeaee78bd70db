package identity_test

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

// writes counts the requests that change Keystone (every POST, PATCH,
// PUT and DELETE but token requests), all requests, and the new TCP
// connections they took.
type writes struct {
	mu          sync.Mutex
	n           map[string]int
	reqs, conns int
	base        http.RoundTripper
}

func newWrites() *writes {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 4
	return &writes{n: map[string]int{}, base: t}
}

func (w *writes) RoundTrip(r *http.Request) (*http.Response, error) {
	w.mu.Lock()
	w.reqs++
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !strings.HasSuffix(r.URL.Path, "/auth/tokens") {
		w.n[r.Method+" "+r.URL.Path]++
	}
	w.mu.Unlock()
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) {
		if !i.Reused {
			w.mu.Lock()
			w.conns++
			w.mu.Unlock()
		}
	}}
	return w.base.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
}

func (w *writes) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, v := range w.n {
		n += v
	}
	return n
}

func apply(t *testing.T, k *svctest.Keystone, st identity.State) (changes, nwrites int) {
	t.Helper()
	w := newWrites()
	c, err := identity.New(context.Background(), identity.Config{AuthURL: k.URL, Password: k.AdminPassword,
		HTTPClient: &http.Client{Transport: w}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	// uwsgi's http11-socket keeps connections alive: a run opens about
	// one per request in flight, not one per request.
	if w.reqs >= 16 && w.conns*2 > w.reqs {
		t.Errorf("%d requests took %d connections: keep-alive is not working", w.reqs, w.conns)
	}
	return c.Changes(), w.total()
}

// TestApplyLive converges a freshly bootstrapped Keystone to the lab
// site, checks it through tokens and their catalog, reruns with no write,
// and converges a changed password and a changed endpoint URL.
func TestApplyLive(t *testing.T) {
	k := svctest.KeystoneShared(t)
	sec := secrets()
	sec[site.AdminPass] = k.AdminPassword
	st, err := identity.Build(loadSite(t, "lab-4node.yaml"), sec)
	if err != nil {
		t.Fatal(err)
	}
	c, err := identity.New(context.Background(), identity.Config{AuthURL: k.URL, Password: k.AdminPassword})
	if err != nil {
		t.Fatal(err)
	}
	before, err := c.Missing(context.Background(), st)
	if err != nil || !slices.Contains(before, "user glance") || slices.Contains(before, "user admin") {
		t.Errorf("Missing before the first run = %q (%v), want glance but not admin", before, err)
	}
	if n, w := apply(t, k, st); n == 0 || n != w {
		t.Fatalf("first run: %d changes, %d writes; want as many, and some", n, w)
	}
	CheckState(t, k, st)
	if after, err := c.Missing(context.Background(), st); err != nil || len(after) != 0 {
		t.Errorf("Missing after the first run = %q (%v), want nothing", after, err)
	}
	if n, w := apply(t, k, st); n != 0 || w != 0 {
		t.Errorf("second run: %d changes, %d writes, want none", n, w)
	}
	st.Users[2].Password = "a-new-one"
	st.Endpoints[len(st.Endpoints)-1].URL = "http://controller:18776/v3/%(project_id)s"
	if n, w := apply(t, k, st); n != 2 || w != 2 {
		t.Errorf("changed password and URL: %d changes, %d writes, want 2", n, w)
	}
	CheckState(t, k, st)
}

// CheckState checks Keystone independently of the package: every user
// gets a token scoped to its assigned project with its role, and the
// admin's token's catalog holds exactly the wanted endpoints.
func CheckState(t *testing.T, k *svctest.Keystone, st identity.State) {
	t.Helper()
	users := map[string]identity.User{}
	for _, u := range st.Users {
		users[u.Name] = u
	}
	for _, a := range st.Assignments {
		tok, err := k.Token(context.Background(), a.User, users[a.User].Password, a.Project)
		if err != nil {
			t.Error(err)
			continue
		}
		if !slices.Contains(tok.Roles, a.Role) {
			t.Errorf("%s's token on %s lacks role %s", a.User, a.Project, a.Role)
		}
		if a.User == "admin" {
			if d := cmp.Diff(st.Catalog(), tok.Catalog); d != "" {
				t.Errorf("catalog (-want +got):\n%s", d)
			}
		}
	}
}
