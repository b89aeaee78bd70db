// Package db converges the controller's MariaDB to the reference guide:
// the services' databases, their users for 'localhost' and '%' with ALL
// PRIVILEGES on their database, and what mysql_secure_installation does
// (root password, no anonymous users, no remote root, no test database).
//
// It speaks SQL through go-sql-driver/mysql, on the local unix socket on a
// node (TCP in tests). Every operation checks before it acts and reports
// whether it changed anything, so a second run changes nothing. Passwords
// travel as escaped literals (the driver's client-side interpolation),
// never in logs, errors or plans, which show them as ******.
//
// Statements work on MariaDB 10.1 (CentOS 7's RDO Rocky) and later: ALTER
// USER where the server has it (10.2+), SET PASSWORD before, and on 10.4+
// a root that logs in by unix_socket keeps it beside its new password.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// DefaultSocket is MariaDB's unix socket on CentOS 7.
const DefaultSocket = "/var/lib/mysql/mysql.sock"

// TargetVersion is the server version plans assume: MariaDB from RDO's
// Rocky repository for CentOS 7.
const TargetVersion = "10.1.20-MariaDB"

// ErrInvalidName is returned for a database, user or host name that is
// not a plain identifier.
var ErrInvalidName = errors.New("db: invalid name")

// Config says how to reach the server.
type Config struct {
	// Net is "unix" (the default) or "tcp"; Addr the socket path
	// (DefaultSocket by default) or host:port.
	Net, Addr string
	// User is the administrative account, "root" by default.
	User string
	// Password is tried first. With TryEmptyPassword an empty password
	// is tried next: the state of a fresh install before Secure.
	Password         string
	TryEmptyPassword bool
	Logger           *slog.Logger
}

// Client runs (or, for a plan, records) the statements.
type Client struct {
	db      *sql.DB
	log     *slog.Logger
	version version
	changes int
	plan    []Stmt
	planned map[string]bool
	dryRun  bool
}

// Open connects and reads the server's version.
func Open(ctx context.Context, cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	passwords := []string{cfg.Password}
	if cfg.TryEmptyPassword && cfg.Password != "" {
		passwords = append(passwords, "")
	}
	var err error
	for _, pw := range passwords {
		var c *Client
		if c, err = open(ctx, cfg, pw); err == nil {
			return c, nil
		}
		if !isAccessDenied(err) {
			break
		}
	}
	return nil, fmt.Errorf("connecting to MariaDB as %s on %s: %w", cfg.User, cfg.Addr, err)
}

func (cfg Config) withDefaults() Config {
	if cfg.Net == "" {
		cfg.Net = "unix"
	}
	if cfg.Addr == "" && cfg.Net == "unix" {
		cfg.Addr = DefaultSocket
	}
	if cfg.User == "" {
		cfg.User = "root"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return cfg
}

func open(ctx context.Context, cfg Config, password string) (*Client, error) {
	mc := mysql.NewConfig()
	mc.User, mc.Passwd, mc.Net, mc.Addr = cfg.User, password, cfg.Net, cfg.Addr
	mc.InterpolateParams = true
	mc.AllowNativePasswords = true
	db, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		return nil, err
	}
	var v string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Client{db: db, log: cfg.Logger, version: parseVersion(v)}, nil
}

func isAccessDenied(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1045
}

// NewPlan returns a Client that runs nothing: each operation records the
// statements it would run on a fresh server of the given version
// (TargetVersion when empty); Plan returns them.
func NewPlan(serverVersion string) *Client {
	if serverVersion == "" {
		serverVersion = TargetVersion
	}
	return &Client{dryRun: true, planned: map[string]bool{}, version: parseVersion(serverVersion),
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// Close closes the connection.
func (c *Client) Close() error {
	if c.db == nil {
		return nil
	}
	return c.db.Close()
}

// Plan returns the statements recorded by a plan Client.
func (c *Client) Plan() []Stmt { return c.plan }

// Changes counts the statements that changed the server so far.
func (c *Client) Changes() int { return c.changes }

// Version is the server's version, as SELECT VERSION() reports it.
func (c *Client) Version() string { return c.version.raw }

// exec runs one changing statement (or records it in a plan).
func (c *Client) exec(ctx context.Context, s Stmt) error {
	if c.dryRun {
		c.plan = append(c.plan, s)
		return nil
	}
	c.log.Info("running SQL", "stmt", s.String())
	if _, err := c.db.ExecContext(ctx, s.Query, s.args()...); err != nil {
		c.log.Error("SQL failed", "stmt", s.String(), "err", err)
		return fmt.Errorf("running %s: %w", s, err)
	}
	c.changes++
	return nil
}

// exists runs a COUNT(*) query; in a plan nothing exists yet.
func (c *Client) exists(ctx context.Context, q string, args ...any) (bool, error) {
	if c.dryRun {
		return false, nil
	}
	var n int
	if err := c.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("querying %s: %w", strings.SplitN(q, " WHERE", 2)[0], err)
	}
	return n > 0, nil
}
