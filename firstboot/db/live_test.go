package db_test

import (
	"context"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

// TestLive secures a fresh MariaDB and creates the lab site's databases,
// then checks the result, that a second run changes nothing, and that a
// changed password converges.
func TestLive(t *testing.T) {
	m := svctest.MariaDBShared(t)
	ctx := context.Background()
	sec := secrets()
	root := sec[site.MariaDBRootPass]
	dbs, err := db.Databases(loadSite(t, "lab-4node.yaml"), sec)
	if err != nil {
		t.Fatal(err)
	}
	cfg := db.Config{Net: "unix", Addr: m.Socket, Password: root, TryEmptyPassword: true}
	run := func(t *testing.T) int {
		t.Helper()
		c, err := db.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = c.Close() }()
		if err := c.Secure(ctx, root); err != nil {
			t.Fatal(err)
		}
		if err := c.Apply(ctx, dbs); err != nil {
			t.Fatal(err)
		}
		return c.Changes()
	}
	if n := run(t); n == 0 {
		t.Fatal("the first run changed nothing")
	}
	checkSecured(t, m, root)
	checkServiceLogins(t, m, dbs)
	if n := run(t); n != 0 {
		t.Errorf("the second run made %d changes, want 0", n)
	}
	t.Run("password change converges", func(t *testing.T) {
		dbs[0].Password = "a-new-one"
		if n := run(t); n != 2 {
			t.Errorf("changing one password made %d changes, want 2 (localhost and %%)", n)
		}
		checkServiceLogins(t, m, dbs[:1])
	})
}

func checkSecured(t *testing.T, m *svctest.MariaDB, root string) {
	t.Helper()
	admin := openAs(t, m.AdminDSN(""))
	if got := query(t, admin, "SELECT CONCAT(User, '@', Host) FROM mysql.user WHERE User = '' OR (User = 'root' AND Host NOT IN ('localhost','127.0.0.1','::1'))"); len(got) != 0 {
		t.Errorf("anonymous or remote root accounts left: %v", got)
	}
	if got := query(t, admin, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test'"); len(got) != 0 {
		t.Errorf("test database left")
	}
	if got := query(t, admin, `SELECT Db FROM mysql.db WHERE Db LIKE 'test%'`); len(got) != 0 {
		t.Errorf("grants on test databases left: %v", got)
	}
	c := mysql.NewConfig()
	c.User, c.Net, c.Addr = "root", "unix", m.Socket
	if err := openAs(t, c.FormatDSN()).Ping(); err == nil {
		t.Errorf("root logs in without a password")
	}
	c.Passwd = root
	if err := openAs(t, c.FormatDSN()).Ping(); err != nil {
		t.Errorf("root cannot log in with its password: %v", err)
	}
}

// checkServiceLogins logs in as each service user over TCP ('%') and
// lists the databases it sees.
func checkServiceLogins(t *testing.T, m *svctest.MariaDB, dbs []db.Database) {
	t.Helper()
	want := map[string][]string{}
	for _, d := range dbs {
		want[d.User] = append(want[d.User], d.Name)
	}
	for _, d := range dbs {
		c := mysql.NewConfig()
		c.User, c.Passwd, c.Net, c.Addr = d.User, d.Password, "tcp", m.Addr()
		got := query(t, openAs(t, c.FormatDSN()), "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME <> 'information_schema' ORDER BY SCHEMA_NAME")
		if diff := cmp.Diff(want[d.User], got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
			t.Errorf("%s sees databases (-want +got):\n%s", d.User, diff)
		}
		var n int
		if err := openAs(t, c.FormatDSN()+d.Name).QueryRow("SELECT 1").Scan(&n); err != nil {
			t.Errorf("%s cannot use %s: %v", d.User, d.Name, err)
		}
	}
}
