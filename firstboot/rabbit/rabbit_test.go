package rabbit_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

func TestParseUsers(t *testing.T) {
	tests := []struct {
		name, out string
		want      []string
	}{
		{"3.6", "Listing users ...\nguest\t[administrator]\nopenstack\t[]\n...done.\n", []string{"guest", "openstack"}},
		{"3.10 quiet", "user\ttags\nguest\t[administrator]\nopenstack\t[]\n", []string{"guest", "openstack"}},
		{"empty", "", nil},
		{"garbage", "Error: unable to perform an operation on node\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, rabbit.ParseUsers([]byte(tt.out))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestParsePermissions(t *testing.T) {
	out := "user\tconfigure\twrite\tread\nguest\t.*\t.*\t.*\nopenstack\t\t.*\t^amq\n"
	want := []rabbit.Permission{
		{VHost: "/", User: "guest", Configure: ".*", Write: ".*", Read: ".*"},
		{VHost: "/", User: "openstack", Configure: "", Write: ".*", Read: "^amq"},
	}
	if d := cmp.Diff(want, rabbit.ParsePermissions("/", []byte(out))); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Listing users ...\nguest\t[administrator]\n...done.\n"))
	f.Add([]byte("user\tconfigure\twrite\tread\nguest\t.*\t.*\t.*\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, u := range rabbit.ParseUsers(b) {
			if strings.ContainsAny(u, "\t\n") {
				t.Errorf("user %q has a separator", u)
			}
		}
		for _, p := range rabbit.ParsePermissions("/", b) {
			if strings.Contains(p.Read, "\t") {
				t.Errorf("permission %+v has a tab", p)
			}
		}
	})
}

// TestLive converges the openstack user on a real RabbitMQ, checks it,
// reruns with no change, and converges a changed password.
func TestLive(t *testing.T) {
	r := svctest.RabbitMQShared(t)
	ctx := context.Background()
	runner := &counting{calls: map[string]int{}}
	c := rabbit.New(rabbit.Config{Runner: runner, Ctl: r.Ctl, Env: r.Env})
	u, err := rabbit.OpenStack(site.Secrets{site.RabbitPass: "rabbit'pw"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(ctx, u); err != nil {
		t.Fatal(err)
	}
	if c.Changes() != 2 {
		t.Errorf("first run made %d changes, want 2", c.Changes())
	}
	check(t, r, u)
	if err := c.Apply(ctx, u); err != nil || c.Changes() != 2 {
		t.Errorf("second run: err %v, %d changes in all, want none more", err, c.Changes())
	}
	u.Password = "another"
	if err := c.Apply(ctx, u); err != nil || runner.calls["change_password"] != 1 {
		t.Errorf("password change: err %v, calls %v", err, runner.calls)
	}
	check(t, r, u)
}

// counting runs commands with host.Exec and counts them by first
// argument after the options.
type counting struct {
	mu    sync.Mutex
	calls map[string]int
}

func (c *counting) Run(ctx context.Context, cmd host.Cmd) ([]byte, error) {
	c.mu.Lock()
	for _, a := range cmd.Args {
		if !strings.HasPrefix(a, "-") {
			c.calls[a]++
			break
		}
	}
	c.mu.Unlock()
	return host.Exec{}.Run(ctx, cmd)
}

func check(t *testing.T, r *svctest.RabbitMQ, u rabbit.User) {
	t.Helper()
	ctx := context.Background()
	run := host.Exec{}
	if _, err := run.Run(ctx, host.Cmd{Name: r.Ctl, Env: r.Env, Args: []string{"authenticate_user", u.Name, u.Password}, Redact: []string{u.Password}}); err != nil {
		t.Errorf("openstack cannot log in: %v", err)
	}
	out, err := run.Run(ctx, host.Cmd{Name: r.Ctl, Env: r.Env, Args: []string{"-q", "list_user_permissions", u.Name}})
	if err != nil || !strings.Contains(string(out), "/\t.*\t.*\t.*") {
		t.Errorf("permissions of openstack = %q (%v), want / .* .* .*", out, err)
	}
}

// failRunner fails every command, echoing its argv in the error.
type failRunner struct{}

func (failRunner) Run(_ context.Context, c host.Cmd) ([]byte, error) {
	if len(c.Args) > 1 && c.Args[1] == "list_users" {
		return nil, nil
	}
	return nil, &os.PathError{Op: "exec", Path: strings.Join(c.Args, " "), Err: os.ErrPermission}
}

func TestErrorsNameTheStep(t *testing.T) {
	c := rabbit.New(rabbit.Config{Runner: failRunner{}})
	err := c.EnsureUser(context.Background(), "openstack", "pw")
	if err == nil || !strings.Contains(err.Error(), "add_user") {
		t.Errorf("err = %v, want one naming add_user", err)
	}
}
