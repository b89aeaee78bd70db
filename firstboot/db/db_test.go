package db_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/internal/golden"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

func secrets() site.Secrets {
	s := site.Secrets{}
	for _, k := range site.SecretNames() {
		s[k] = "pw-" + strings.ToLower(k) + "'\\x"
	}
	return s
}

func loadSite(t *testing.T, name string) *site.Site {
	t.Helper()
	s, err := site.Load(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStmtString(t *testing.T) {
	tests := []struct {
		name string
		stmt db.Stmt
		want string
	}{
		{"plain", db.Stmt{Query: "DROP USER ?@?", Args: []db.Arg{db.Plain("o'k"), db.Plain("%")}}, `DROP USER 'o\'k'@'%'`},
		{"secret", db.Stmt{Query: "ALTER USER ?@? IDENTIFIED BY ?", Args: []db.Arg{db.Plain("a"), db.Plain("localhost"), db.Secret("hunter2")}},
			"ALTER USER 'a'@'localhost' IDENTIFIED BY '******'"},
		{"no args", db.Stmt{Query: "FLUSH PRIVILEGES"}, "FLUSH PRIVILEGES"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.stmt.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInvalidNames(t *testing.T) {
	c := db.NewPlan("")
	ctx := context.Background()
	tests := []struct {
		name string
		err  error
	}{
		{"database", c.EnsureDatabase(ctx, "a`; DROP TABLE x")},
		{"user", c.EnsureUser(ctx, "bad user", "%", "x")},
		{"host", c.Grant(ctx, "keystone", "keystone", "h'ost")},
		{"empty", c.EnsureDatabase(ctx, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), "invalid name") {
				t.Errorf("err = %v, want an invalid name error", tt.err)
			}
		})
	}
	if len(c.Plan()) != 0 {
		t.Errorf("invalid names planned statements: %v", c.Plan())
	}
}

// TestPlan checks the whole controller's statements for each example site
// and server version against golden files, and that no secret shows.
func TestPlan(t *testing.T) {
	for _, ex := range []string{"lab-4node.yaml", "esxi-3node.yaml"} {
		for _, v := range []string{"", "10.11.6-MariaDB"} {
			name := strings.TrimSuffix(ex, ".yaml") + "-" + strings.SplitN(v+db.TargetVersion, "-", 2)[0]
			t.Run(name, func(t *testing.T) {
				sec := secrets()
				dbs, err := db.Databases(loadSite(t, ex), sec)
				if err != nil {
					t.Fatal(err)
				}
				c := db.NewPlan(v)
				if err := c.Secure(context.Background(), sec[site.MariaDBRootPass]); err != nil {
					t.Fatal(err)
				}
				if err := c.Apply(context.Background(), dbs); err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for _, s := range c.Plan() {
					b.WriteString(s.String() + ";\n")
				}
				for _, pw := range sec.Values() {
					if strings.Contains(b.String(), pw) {
						t.Fatalf("plan shows a secret")
					}
				}
				golden.Compare(t, filepath.Join("testdata", name+".sql"), b.String())
			})
		}
	}
}

func TestDatabasesMissingSecret(t *testing.T) {
	sec := secrets()
	delete(sec, site.NovaDBPass)
	_, err := db.Databases(loadSite(t, "lab-4node.yaml"), sec)
	if err == nil || !strings.Contains(err.Error(), site.NovaDBPass) {
		t.Errorf("err = %v, want one naming %s", err, site.NovaDBPass)
	}
}

func openAs(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	c, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func query(t *testing.T, c *sql.DB, q string) []string {
	t.Helper()
	rows, err := c.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer func() { _ = rows.Close() }()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
