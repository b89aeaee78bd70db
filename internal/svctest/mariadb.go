package svctest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// MariaDB is a running mariadbd. Its root account starts with an empty
// password and mysql_native_password (as on CentOS 7's MariaDB), and it
// has the anonymous users and test database of a fresh install, so tests
// can run mysql_secure_installation's work on it. Admin is a second
// all-privileged account that such tests leave alone.
type MariaDB struct {
	// Socket is the unix socket path, Port the TCP port on 127.0.0.1.
	Socket string
	Port   int
	// AdminUser and AdminPassword name an account with every privilege
	// and the grant option, for 'localhost' and '127.0.0.1'.
	AdminUser, AdminPassword string
	proc                     *proc
}

// Addr is the TCP address, host:port.
func (m *MariaDB) Addr() string { return "127.0.0.1:" + strconv.Itoa(m.Port) }

// AdminDSN is a go-sql-driver/mysql DSN for the admin account over TCP.
func (m *MariaDB) AdminDSN(dbname string) string {
	c := mysql.NewConfig()
	c.User, c.Passwd, c.Net, c.Addr, c.DBName = m.AdminUser, m.AdminPassword, "tcp", m.Addr(), dbname
	return c.FormatDSN()
}

// MariaDBShared returns the test package's MariaDB, starting it on first use.
func MariaDBShared(t testing.TB) *MariaDB {
	t.Helper()
	fixture.Tool(t, "mysql_install_db")
	fixture.Tool(t, "mariadbd")
	return sharedInstance(t, "mariadb", func(dir string) (*MariaDB, func() error, error) {
		m, err := StartMariaDB(context.Background(), dir, MariaDBOptions{})
		if err != nil {
			return nil, nil, err
		}
		return m, m.Stop, nil
	})
}

// MariaDBOptions tunes StartMariaDB.
type MariaDBOptions struct {
	// SocketAuth makes root@localhost log in by unix_socket, as
	// MariaDB 10.4+ installs it (the test must run as root to use it).
	SocketAuth bool
}

// noNativeAIO keeps InnoDB off Linux native AIO: every instance reserves
// AIO contexts, and the several servers that parallel test packages start
// at once can exhaust fs.aio-max-nr, which fails mysql_install_db.
const noNativeAIO = "--innodb-use-native-aio=0"

// StartMariaDB initializes a data directory under dir and starts mariadbd
// on it, listening on a free port of 127.0.0.1 and on dir/mysql.sock.
func StartMariaDB(ctx context.Context, dir string, o MariaDBOptions) (*MariaDB, error) {
	data := filepath.Join(dir, "data")
	auth := "normal"
	if o.SocketAuth {
		auth = "socket"
	}
	if _, err := run(ctx, nil, "mysql_install_db", "--no-defaults", "--datadir="+data,
		"--auth-root-authentication-method="+auth, "--skip-name-resolve",
		"--user="+currentUser(), noNativeAIO); err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	m := &MariaDB{Socket: filepath.Join(dir, "mysql.sock"), Port: port,
		AdminUser: "svctest", AdminPassword: "svctest-admin"}
	m.proc, err = startProc(dir, "mariadbd", nil, "mariadbd", "--no-defaults",
		"--datadir="+data, "--socket="+m.Socket, "--port="+strconv.Itoa(port),
		"--bind-address=127.0.0.1", "--user="+currentUser(), "--skip-name-resolve",
		"--pid-file="+filepath.Join(dir, "mariadbd.pid"), "--log-error="+filepath.Join(dir, "error.log"),
		"--innodb-buffer-pool-size=32M", "--skip-log-bin", "--max-connections=200", noNativeAIO)
	if err != nil {
		return nil, err
	}
	if err := m.proc.waitReady(ctx, 60*time.Second, m.pingRoot); err != nil {
		_ = m.Stop()
		return nil, err
	}
	if err := m.createAdmin(ctx); err != nil {
		_ = m.Stop()
		return nil, err
	}
	return m, nil
}

// Stop stops mariadbd.
func (m *MariaDB) Stop() error { return m.proc.stop() }

func (m *MariaDB) rootDB() (*sql.DB, error) {
	c := mysql.NewConfig()
	c.User, c.Net, c.Addr = "root", "unix", m.Socket
	return sql.Open("mysql", c.FormatDSN())
}

func (m *MariaDB) pingRoot(ctx context.Context) error {
	db, err := m.rootDB()
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	return db.PingContext(ctx)
}

func (m *MariaDB) createAdmin(ctx context.Context) error {
	db, err := m.rootDB()
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	for _, host := range []string{"localhost", "127.0.0.1"} {
		for _, q := range []string{
			"CREATE USER IF NOT EXISTS '%[1]s'@'%[2]s' IDENTIFIED BY '%[3]s'",
			"GRANT ALL PRIVILEGES ON *.* TO '%[1]s'@'%[2]s' WITH GRANT OPTION",
		} {
			q = fmt.Sprintf(q, m.AdminUser, host, m.AdminPassword)
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("creating the svctest admin account: %w", err)
			}
		}
	}
	return nil
}

// currentUser is the account mariadbd runs as: itself.
func currentUser() string {
	if os.Geteuid() == 0 {
		return "root"
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Geteuid())
}
