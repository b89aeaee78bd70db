package db

import (
	"context"
	"fmt"
)

// localHosts are the root accounts mysql_secure_installation keeps.
var localHosts = []string{"localhost", "127.0.0.1", "::1"}

// Secure does what mysql_secure_installation does, idempotently: sets the
// root password of every local root account, drops the anonymous users
// and the remote root accounts, drops the test database and the grants on
// test and test_%, and flushes privileges when it changed any of them.
func (c *Client) Secure(ctx context.Context, rootPassword string) error {
	if rootPassword == "" {
		return fmt.Errorf("securing MariaDB: the root password is empty")
	}
	before := c.changes
	for _, step := range []func(context.Context) error{
		c.dropAnonymous, c.dropRemoteRoot,
		func(ctx context.Context) error { return c.setRootPassword(ctx, rootPassword) },
		c.dropTestDB,
	} {
		if err := step(ctx); err != nil {
			return fmt.Errorf("securing MariaDB: %w", err)
		}
	}
	if c.changes == before && !c.dryRun {
		// Nothing changed, but a run killed between a DELETE on mysql.db
		// and its FLUSH left stale grants in memory: flush anyway, which
		// changes nothing stored, so it does not count.
		if _, err := c.db.ExecContext(ctx, "FLUSH PRIVILEGES"); err != nil {
			return fmt.Errorf("securing MariaDB: flushing privileges: %w", err)
		}
		return nil
	}
	return c.exec(ctx, Stmt{Query: "FLUSH PRIVILEGES"})
}

// hosts lists the hosts of the accounts matching where.
func (c *Client) hosts(ctx context.Context, where string, args ...any) ([]string, error) {
	if c.dryRun {
		return nil, nil
	}
	rows, err := c.db.QueryContext(ctx, "SELECT Host FROM mysql.user WHERE "+where, args...) //nolint:gosec // where is a constant of this file; values are ? arguments
	if err != nil {
		return nil, fmt.Errorf("listing accounts: %w", err)
	}
	defer func() { _ = rows.Close() }()
	var hs []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("listing accounts: %w", err)
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

func (c *Client) dropUsers(ctx context.Context, user string, hosts []string) error {
	for _, h := range hosts {
		if err := c.exec(ctx, Stmt{Query: "DROP USER ?@?", Args: []Arg{Plain(user), Plain(h)}}); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) dropAnonymous(ctx context.Context) error {
	hs, err := c.hosts(ctx, "User = ''")
	if c.dryRun {
		return c.exec(ctx, Stmt{Query: "DELETE FROM mysql.user WHERE User = ''"})
	}
	if err != nil {
		return err
	}
	return c.dropUsers(ctx, "", hs)
}

func (c *Client) dropRemoteRoot(ctx context.Context) error {
	hs, err := c.hosts(ctx, "User = 'root' AND Host NOT IN (?, ?, ?)", localHosts[0], localHosts[1], localHosts[2])
	if c.dryRun {
		return c.exec(ctx, Stmt{Query: "DELETE FROM mysql.user WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1')"})
	}
	if err != nil {
		return err
	}
	return c.dropUsers(ctx, "root", hs)
}

func (c *Client) setRootPassword(ctx context.Context, password string) error {
	hs, err := c.hosts(ctx, "User = 'root'")
	if err != nil {
		return err
	}
	if c.dryRun {
		hs = []string{"localhost"}
	}
	for _, h := range hs {
		if err := c.ensurePassword(ctx, "root", h, password); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) dropTestDB(ctx context.Context) error {
	ok, err := c.exists(ctx, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test'")
	if err != nil {
		return err
	}
	if ok || c.dryRun {
		if err := c.exec(ctx, Stmt{Query: "DROP DATABASE IF EXISTS `test`"}); err != nil {
			return err
		}
	}
	ok, err = c.exists(ctx, `SELECT COUNT(*) FROM mysql.db WHERE Db = 'test' OR Db = 'test\\_%'`)
	if err != nil || (!ok && !c.dryRun) {
		return err
	}
	return c.exec(ctx, Stmt{Query: `DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\_%'`})
}
