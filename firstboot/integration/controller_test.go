package integration_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

// env carries the services' addresses to a re-executed child.
type env struct {
	Socket, RabbitCtl, KeystoneURL, AdminPassword string
	RabbitEnv                                     []string
}

const childVar = "ROCKYISO_INTEGRATION_CHILD"

// secrets are fake and deterministic; the admin's is Keystone's bootstrap one.
func secrets(adminPassword string) site.Secrets {
	s := site.Secrets{}
	for _, k := range site.SecretNames() {
		s[k] = "it-" + strings.ToLower(k)
	}
	s[site.AdminPass] = adminPassword
	return s
}

// changes counts what one run changed, per service.
type changes struct{ DB, Rabbit, Identity int }

// converge runs the controller's database, RabbitMQ and identity
// operations for the lab site, logging each to log.
func converge(ctx context.Context, e env, log *slog.Logger) (changes, error) {
	var ch changes
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		return ch, err
	}
	sec := secrets(e.AdminPassword)
	if ch.DB, err = convergeDB(ctx, e, s, sec, log); err != nil {
		return ch, err
	}
	rc := rabbit.New(rabbit.Config{Runner: host.Exec{Log: log}, Ctl: e.RabbitCtl, Env: e.RabbitEnv, Logger: log})
	u, err := rabbit.OpenStack(sec)
	if err != nil {
		return ch, err
	}
	if err := rc.Apply(ctx, u); err != nil {
		return ch, err
	}
	ch.Rabbit = rc.Changes()
	ch.Identity, err = convergeIdentity(ctx, e, s, sec, log)
	return ch, err
}

func convergeDB(ctx context.Context, e env, s *site.Site, sec site.Secrets, log *slog.Logger) (int, error) {
	dbs, err := db.Databases(s, sec)
	if err != nil {
		return 0, err
	}
	c, err := db.Open(ctx, db.Config{Addr: e.Socket, Password: sec[site.MariaDBRootPass], TryEmptyPassword: true, Logger: log})
	if err != nil {
		return 0, err
	}
	defer func() { _ = c.Close() }()
	if err := c.Secure(ctx, sec[site.MariaDBRootPass]); err != nil {
		return c.Changes(), err
	}
	err = c.Apply(ctx, dbs)
	return c.Changes(), err
}

func convergeIdentity(ctx context.Context, e env, s *site.Site, sec site.Secrets, log *slog.Logger) (int, error) {
	st, err := identity.Build(s, sec)
	if err != nil {
		return 0, err
	}
	c, err := identity.New(ctx, identity.Config{AuthURL: e.KeystoneURL, Password: e.AdminPassword, Logger: log})
	if err != nil {
		return 0, err
	}
	err = c.Apply(ctx, st)
	return c.Changes(), err
}

// TestChild is the re-executed process that the parent kills; it does
// nothing in a normal run.
func TestChild(t *testing.T) {
	raw := os.Getenv(childVar)
	if raw == "" {
		t.Skip("not a child run")
	}
	var e env
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	if _, err := converge(context.Background(), e, log); err != nil {
		t.Fatal(err)
	}
}

// killAfter runs the child and SIGKILLs it when its log has shown n
// lines with message msg. It reports whether the kill happened.
func killAfter(t *testing.T, e env, msg string, n int) bool {
	t.Helper()
	raw, _ := json.Marshal(e)
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childVar+"="+string(raw))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	sc := bufio.NewScanner(out)
	for seen := 0; sc.Scan(); {
		var line struct{ Msg string }
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			t.Logf("child: %s", sc.Bytes())
			continue
		}
		if line.Msg == msg {
			if seen++; seen == n {
				killed = cmd.Process.Kill() == nil
				break
			}
		}
	}
	_, _ = io.Copy(io.Discard, out)
	_ = cmd.Wait()
	return killed
}

// TestController kills a run in the middle of the database step, another
// in the middle of the identity step, then checks that a rerun converges
// every service to the whole guide, and that one more run changes nothing.
func TestController(t *testing.T) {
	m, r, k := svctest.MariaDBShared(t), svctest.RabbitMQShared(t), svctest.KeystoneShared(t)
	e := env{Socket: m.Socket, RabbitCtl: r.Ctl, RabbitEnv: r.Env, KeystoneURL: k.URL, AdminPassword: k.AdminPassword}
	if !killAfter(t, e, "running SQL", 12) {
		t.Fatal("the child finished before the kill in the database step")
	}
	if !killAfter(t, e, "identity change", 15) {
		t.Fatal("the child finished before the kill in the identity step")
	}
	ctx := context.Background()
	ch, err := converge(ctx, e, nil)
	if err != nil {
		t.Fatalf("rerun after the kills: %v", err)
	}
	if ch.Identity == 0 {
		t.Errorf("the rerun created nothing in Keystone; the kill came too late")
	}
	checkAll(t, e, m, k)
	if ch, err = converge(ctx, e, nil); err != nil || ch != (changes{}) {
		t.Errorf("third run: %+v changes (err %v), want none", ch, err)
	}
}

func checkAll(t *testing.T, e env, m *svctest.MariaDB, k *svctest.Keystone) {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sec := secrets(e.AdminPassword)
	checkDatabases(t, m, s, sec)
	checkRabbit(t, e, sec)
	st, err := identity.Build(s, sec)
	if err != nil {
		t.Fatal(err)
	}
	checkKeystone(t, k, st)
}

func checkDatabases(t *testing.T, m *svctest.MariaDB, s *site.Site, sec site.Secrets) {
	t.Helper()
	dbs, err := db.Databases(s, sec)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dbs {
		c := mysql.NewConfig()
		c.User, c.Passwd, c.Net, c.Addr, c.DBName = d.User, d.Password, "tcp", m.Addr(), d.Name
		conn, err := sqlOpen(c.FormatDSN())
		if err == nil {
			_, err = conn.Exec("CREATE TABLE IF NOT EXISTS t (i INT)")
			_ = conn.Close()
		}
		if err != nil {
			t.Errorf("%s cannot create a table in %s: %v", d.User, d.Name, err)
		}
	}
}

func checkRabbit(t *testing.T, e env, sec site.Secrets) {
	t.Helper()
	run := host.Exec{}
	pw := sec[site.RabbitPass]
	ctx := context.Background()
	if _, err := run.Run(ctx, rabbitCmd(e, "authenticate_user", "openstack", pw)); err != nil {
		t.Errorf("openstack cannot log in to RabbitMQ: %v", err)
	}
	out, err := run.Run(ctx, rabbitCmd(e, "-q", "list_user_permissions", "openstack"))
	if err != nil || !strings.Contains(string(out), "/\t.*\t.*\t.*") {
		t.Errorf("openstack's permissions = %q (%v)", out, err)
	}
}

func checkKeystone(t *testing.T, k *svctest.Keystone, st identity.State) {
	t.Helper()
	pw := map[string]string{}
	for _, u := range st.Users {
		pw[u.Name] = u.Password
	}
	for _, a := range st.Assignments {
		tok, err := k.Token(context.Background(), a.User, pw[a.User], a.Project)
		if err != nil {
			t.Error(err)
			continue
		}
		if !slices.Contains(tok.Roles, a.Role) {
			t.Errorf("%s on %s lacks role %s: %v", a.User, a.Project, a.Role, tok.Roles)
		}
		if a.User == "admin" {
			if d := cmp.Diff(st.Catalog(), tok.Catalog); d != "" {
				t.Errorf("catalog (-want +got):\n%s", d)
			}
		}
	}
}
