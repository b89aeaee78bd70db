package svctest_test

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/internal/svctest"
)

func TestMain(m *testing.M) { os.Exit(svctest.Main(m)) }

func TestMariaDB(t *testing.T) {
	m := svctest.MariaDBShared(t)
	db, err := sql.Open("mysql", m.AdminDSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	var v string
	if err := db.QueryRow("SELECT VERSION()").Scan(&v); err != nil {
		t.Fatalf("querying the shared MariaDB: %v", err)
	}
	if !strings.Contains(v, "MariaDB") {
		t.Errorf("VERSION() = %q, want a MariaDB", v)
	}
}

func TestRabbitMQ(t *testing.T) {
	r := svctest.RabbitMQShared(t)
	out, err := host.Exec{}.Run(context.Background(), host.Cmd{Name: r.Ctl, Env: r.Env, Args: []string{"-q", "list_users"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "guest") {
		t.Errorf("list_users = %q, want the guest user", out)
	}
}

func TestMemcachedAndEtcd(t *testing.T) {
	if err := svctest.MemcachedShared(t).Version(context.Background()); err != nil {
		t.Error(err)
	}
	if err := svctest.EtcdShared(t).Health(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestKeystone(t *testing.T) {
	k := svctest.KeystoneShared(t)
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin",` +
		`"domain":{"id":"default"},"password":"` + k.AdminPassword + `"}}}}}`
	resp, err := http.Post(k.URL+"/auth/tokens", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("X-Subject-Token") == "" {
		t.Errorf("issuing a token: %s", resp.Status)
	}
}
