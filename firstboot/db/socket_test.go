package db_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/svctest"
)

// TestSecureUnixSocket secures a MariaDB whose root logs in by unix_socket
// (10.4+'s default): root gets the password and keeps unix_socket.
func TestSecureUnixSocket(t *testing.T) {
	fixture.Tool(t, "mariadbd")
	if os.Geteuid() != 0 {
		t.Skip("SKIPPING: unix_socket login as root needs the test to run as root")
	}
	ctx := context.Background()
	m, err := svctest.StartMariaDB(ctx, t.TempDir(), svctest.MariaDBOptions{SocketAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Stop() })
	secure := func() int {
		c, err := db.Open(ctx, db.Config{Addr: m.Socket, Password: "r00t'pw", TryEmptyPassword: true})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = c.Close() }()
		if err := c.Secure(ctx, "r00t'pw"); err != nil {
			t.Fatal(err)
		}
		return c.Changes()
	}
	if n := secure(); n == 0 {
		t.Fatal("securing changed nothing")
	}
	if n := secure(); n != 0 {
		t.Errorf("securing again made %d changes, want 0", n)
	}
	got := query(t, openAs(t, m.AdminDSN("")), "SELECT Priv FROM mysql.global_priv WHERE User = 'root' AND Host = 'localhost'")
	if len(got) != 1 || !strings.Contains(got[0], "unix_socket") || !strings.Contains(got[0], "mysql_native_password") {
		t.Errorf("root@localhost = %v, want unix_socket OR mysql_native_password", got)
	}
	c := mysql.NewConfig()
	c.User, c.Net, c.Addr = "root", "unix", m.Socket
	if err := openAs(t, c.FormatDSN()).Ping(); err != nil {
		t.Errorf("root lost its unix_socket login: %v", err)
	}
}
