package wait_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/firstboot/wait"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

var fast = wait.Options{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond}

// statuses collects status lines safely.
type statuses struct {
	mu    sync.Mutex
	lines []string
}

func (s *statuses) add(l string) { s.mu.Lock(); s.lines = append(s.lines, l); s.mu.Unlock() }

func (s *statuses) all() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}

func TestAPI(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) < 3 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusMultipleChoices) // nova's version document
	}))
	defer srv.Close()
	var st statuses
	o := fast
	o.Status = st.add
	if err := wait.For(context.Background(), []wait.Check{wait.API("nova", srv.Client(), srv.URL)}, o); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 || !strings.Contains(st.all(), "503 Service Unavailable") {
		t.Errorf("calls %d, statuses %q", calls.Load(), st.all())
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	never := wait.Check{Name: "godot", Probe: func(context.Context) error { return errors.New("not yet, s3cret") }}
	o := fast
	o.Redact = []string{"s3cret"}
	start := time.Now()
	err := wait.For(ctx, []wait.Check{never}, o)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "waiting for godot: not yet") {
		t.Errorf("err = %v, want the deadline with the last error", err)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("err shows a secret: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("cancellation took %v", time.Since(start))
	}
}

func TestControllerChecks(t *testing.T) {
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sec := site.Secrets{site.NovaPass: "n", site.NeutronPass: "q", site.CinderPass: "c", site.RabbitPass: "r"}
	for _, h := range []string{"compute", "neutron", "block"} {
		checks, redact, err := wait.ControllerChecks(s, s.Host(h), sec, http.DefaultClient)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range checks {
			names = append(names, c.Name)
		}
		want := []string{"keystone token", "rabbitmq login of openstack", "placement API at http://controller:8778/", "nova API at http://controller:8774/"}
		if d := cmp.Diff(want, names); d != "" || len(redact) != 2 {
			t.Errorf("%s: (-want +got):\n%s redact %d", h, d, len(redact))
		}
	}
	if _, _, err := wait.ControllerChecks(s, s.Host("controller"), sec, http.DefaultClient); err == nil {
		t.Error("the controller waits for itself")
	}
}

// TestRabbitMQ waits for the openstack user on a real broker: refused
// until rabbit.Apply creates it.
func TestRabbitMQ(t *testing.T) {
	r := svctest.RabbitMQShared(t)
	var st statuses
	o := fast
	o.Status = st.add
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- wait.For(ctx, []wait.Check{wait.RabbitMQ(r.Addr(), "openstack", "amqp-pw")}, o) }()
	for !strings.Contains(st.all(), "waiting for rabbitmq login of openstack") {
		time.Sleep(20 * time.Millisecond)
	}
	u, _ := rabbit.OpenStack(site.Secrets{site.RabbitPass: "amqp-pw"})
	if err := rabbit.New(rabbit.Config{Runner: host.Exec{}, Ctl: r.Ctl, Env: r.Env}).Apply(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if strings.Contains(st.all(), "amqp-pw") {
		t.Error("a status line shows the password")
	}
}

// TestLateKeystone waits for a Keystone that starts after the waiter.
func TestLateKeystone(t *testing.T) {
	for _, tool := range []string{"keystone-manage", "keystone-wsgi-public", "uwsgi"} {
		fixture.Tool(t, tool)
	}
	db := svctest.MariaDBShared(t)
	port, err := svctest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	url := "http://127.0.0.1:" + strconv.Itoa(port) + "/v3"
	var st statuses
	o := fast
	o.Status = st.add
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	done := make(chan error, 1)
	check := wait.KeystoneToken(http.DefaultClient, url, identity.PasswordAuth{Name: "admin", Domain: "Default", Password: "late-pw", Project: "admin"})
	go func() { done <- wait.For(ctx, []wait.Check{check}, o) }()
	time.Sleep(200 * time.Millisecond)
	k, err := svctest.StartKeystone(ctx, t.TempDir(), db, svctest.KeystoneOptions{Port: port, AdminPassword: "late-pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = k.Stop() }()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(st.all(), "waiting for keystone token: ") || !strings.Contains(st.all(), "connection refused") {
		t.Errorf("statuses = %q, want waits for the token with connection refused", st.all())
	}
}
