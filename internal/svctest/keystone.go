package svctest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// Keystone is a running Keystone (Debian's keystone package) served by
// uwsgi on 127.0.0.1, its database on a MariaDB, Fernet tokens, and the
// admin user, project, roles, region and identity endpoints made by
// keystone-manage bootstrap.
type Keystone struct {
	// URL is the Identity v3 endpoint, http://127.0.0.1:port/v3.
	URL           string
	Port          int
	AdminPassword string
	Region        string
	// Conf is the keystone.conf path, for keystone-manage --config-file.
	Conf string
	proc *proc
}

// KeystoneOptions tunes StartKeystone; zero values pick defaults.
type KeystoneOptions struct {
	// Port to listen on; 0 picks a free one.
	Port int
	// AdminPassword is the bootstrap password, "svctest-admin" by default.
	AdminPassword string
}

// KeystoneShared returns the test package's Keystone, starting it (and
// the shared MariaDB it uses) on first use.
func KeystoneShared(t testing.TB) *Keystone {
	t.Helper()
	for _, tool := range []string{"keystone-manage", "keystone-wsgi-public", "uwsgi"} {
		fixture.Tool(t, tool)
	}
	db := MariaDBShared(t)
	return sharedInstance(t, "keystone", func(dir string) (*Keystone, func() error, error) {
		k, err := StartKeystone(context.Background(), dir, db, KeystoneOptions{})
		if err != nil {
			return nil, nil, err
		}
		return k, k.Stop, nil
	})
}

// StartKeystone sets up a Keystone under dir with its own database on db
// and serves it with uwsgi's HTTP/1.1 socket (which keeps connections
// alive, unlike http-socket). Like the Rocky guide's mod_wsgi daemon
// (processes=5 threads=1), each worker has one thread: Keystone's lazy
// policy set-up races between threads, and parallel first requests then
// get spurious 403s. A worker serves one kept-alive connection until it
// closes or idles for uwsgi's socket timeout, so clients should hold
// fewer connections than the 6 workers.
func StartKeystone(ctx context.Context, dir string, db *MariaDB, o KeystoneOptions) (*Keystone, error) {
	k, err := newKeystone(dir, o)
	if err != nil {
		return nil, err
	}
	if err := k.prepare(ctx, dir, db); err != nil {
		return nil, err
	}
	k.proc, err = startProc(dir, "uwsgi", []string{"OS_KEYSTONE_CONFIG_FILES=" + k.Conf}, "uwsgi",
		"--plugin", "python3", "--http11-socket", "127.0.0.1:"+strconv.Itoa(k.Port),
		"--wsgi-file", "/usr/bin/keystone-wsgi-public", "--master", "--processes", "6",
		"--threads", "1", "--die-on-term", "--need-app", "--no-orphans",
		"--buffer-size", "65535", "--chdir", dir)
	if err != nil {
		return nil, err
	}
	if err := k.proc.waitReady(ctx, 90*time.Second, k.ping); err != nil {
		_ = k.Stop()
		return nil, err
	}
	return k, nil
}

func newKeystone(dir string, o KeystoneOptions) (*Keystone, error) {
	if o.Port == 0 {
		p, err := FreePort()
		if err != nil {
			return nil, err
		}
		o.Port = p
	}
	if o.AdminPassword == "" {
		o.AdminPassword = "svctest-admin"
	}
	return &Keystone{
		URL: fmt.Sprintf("http://127.0.0.1:%d/v3", o.Port), Port: o.Port,
		AdminPassword: o.AdminPassword, Region: "RegionOne",
		Conf: filepath.Join(dir, "keystone.conf"),
	}, nil
}

// prepare creates the database, keystone.conf and keys, and bootstraps.
func (k *Keystone) prepare(ctx context.Context, dir string, db *MariaDB) error {
	name := "keystone_" + regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(filepath.Base(dir), "_")
	if err := createKeystoneDB(ctx, db, name); err != nil {
		return err
	}
	if err := k.writeConf(dir, db, name); err != nil {
		return err
	}
	u, g := currentUser(), currentGroup()
	url := k.URL + "/"
	steps := [][]string{
		{"db_sync"},
		{"fernet_setup", "--keystone-user", u, "--keystone-group", g},
		{"credential_setup", "--keystone-user", u, "--keystone-group", g},
		{"bootstrap", "--bootstrap-password", k.AdminPassword, "--bootstrap-admin-url", url,
			"--bootstrap-internal-url", url, "--bootstrap-public-url", url, "--bootstrap-region-id", k.Region},
	}
	for _, s := range steps {
		if _, err := run(ctx, nil, append([]string{"keystone-manage", "--config-file", k.Conf}, s...)...); err != nil {
			return err
		}
	}
	return nil
}

func createKeystoneDB(ctx context.Context, db *MariaDB, name string) error {
	c, err := sql.Open("mysql", db.AdminDSN(""))
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	for _, q := range []string{
		"CREATE DATABASE IF NOT EXISTS `" + name + "`",
		"GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + db.AdminUser + "'@'127.0.0.1'",
	} {
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating Keystone's database: %w", err)
		}
	}
	return nil
}

func (k *Keystone) writeConf(dir string, db *MariaDB, name string) error {
	conf := fmt.Sprintf(`[DEFAULT]
log_file = %[1]s/keystone.log
[database]
connection = mysql+pymysql://%[2]s:%[3]s@%[4]s/%[5]s
[token]
provider = fernet
[fernet_tokens]
key_repository = %[1]s/fernet-keys
[fernet_receipts]
key_repository = %[1]s/fernet-keys
[credential]
key_repository = %[1]s/credential-keys
`, dir, db.AdminUser, db.AdminPassword, db.Addr(), name)
	for _, d := range []string{"fernet-keys", "credential-keys"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return fmt.Errorf("creating %s: %w", d, err)
		}
	}
	if err := os.WriteFile(k.Conf, []byte(conf), 0o600); err != nil {
		return fmt.Errorf("writing keystone.conf: %w", err)
	}
	return nil
}

// ping asks for the version document.
func (k *Keystone) ping(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.URL, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("keystone answered %s", resp.Status)
	}
	return nil
}

// Stop stops uwsgi.
func (k *Keystone) Stop() error { return k.proc.stop() }

func currentGroup() string {
	g, err := user.LookupGroupId(strconv.Itoa(os.Getegid()))
	if err != nil {
		return strconv.Itoa(os.Getegid())
	}
	return strings.TrimSpace(g.Name)
}
