package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
)

// EnsureDatabase creates the database name unless it exists.
func (c *Client) EnsureDatabase(ctx context.Context, name string) error {
	q, err := ident("database", name)
	if err != nil {
		return err
	}
	ok, err := c.exists(ctx, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", name)
	if err != nil || ok {
		return err
	}
	return c.exec(ctx, Stmt{Query: "CREATE DATABASE IF NOT EXISTS " + q})
}

// EnsureUser creates 'user'@'host' with password, or sets its password
// when it has another one.
func (c *Client) EnsureUser(ctx context.Context, user, host, password string) error {
	if err := checkUser(user, host); err != nil {
		return err
	}
	if c.dryRun && c.planned[user+"@"+host] {
		return nil // a plan creates each account once
	}
	ok, err := c.exists(ctx, "SELECT COUNT(*) FROM mysql.user WHERE User = ? AND Host = ?", user, host)
	if err != nil {
		return err
	}
	if !ok {
		if c.dryRun {
			c.planned[user+"@"+host] = true
		}
		return c.exec(ctx, Stmt{Query: "CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?",
			Args: []Arg{Plain(user), Plain(host), Secret(password)}})
	}
	return c.ensurePassword(ctx, user, host, password)
}

// ensurePassword sets the account's password unless it already is it.
func (c *Client) ensurePassword(ctx context.Context, user, host, password string) error {
	auth, err := c.auth(ctx, user, host)
	if err != nil {
		return err
	}
	want, err := c.hash(ctx, password)
	if err != nil {
		return err
	}
	if auth.has(want) {
		return nil
	}
	return c.exec(ctx, c.passwordStmt(user, host, password, auth.socket))
}

// passwordStmt picks the statement the server version understands.
func (c *Client) passwordStmt(user, host, password string, socket bool) Stmt {
	args := []Arg{Plain(user), Plain(host), Secret(password)}
	switch {
	case socket && c.version.atLeast(10, 4):
		return Stmt{Query: "ALTER USER ?@? IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(?)", Args: args}
	case c.version.atLeast(10, 2):
		return Stmt{Query: "ALTER USER ?@? IDENTIFIED BY ?", Args: args}
	default:
		return Stmt{Query: "SET PASSWORD FOR ?@? = PASSWORD(?)", Args: args}
	}
}

// Grant gives 'user'@'host' ALL PRIVILEGES on database name unless it
// has them all already.
func (c *Client) Grant(ctx context.Context, name, user, host string) error {
	q, err := ident("database", name)
	if err != nil {
		return err
	}
	if err := checkUser(user, host); err != nil {
		return err
	}
	ok, err := c.hasAll(ctx, name, user, host)
	if err != nil || ok {
		return err
	}
	return c.exec(ctx, Stmt{Query: "GRANT ALL PRIVILEGES ON " + q + ".* TO ?@?", Args: []Arg{Plain(user), Plain(host)}})
}

// hasAll reports whether mysql.db gives every privilege but GRANT OPTION.
func (c *Client) hasAll(ctx context.Context, name, user, host string) (bool, error) {
	if c.dryRun {
		return false, nil
	}
	rows, err := c.db.QueryContext(ctx, "SELECT * FROM mysql.db WHERE Host = ? AND Db = ? AND User = ?", host, name, user)
	if err != nil {
		return false, fmt.Errorf("reading the grants of %s@%s: %w", user, host, err)
	}
	defer func() { _ = rows.Close() }()
	if !rows.Next() {
		return false, rows.Err()
	}
	return allPrivs(rows)
}

func allPrivs(rows *sql.Rows) (bool, error) {
	cols, err := rows.Columns()
	if err != nil {
		return false, err
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return false, fmt.Errorf("reading mysql.db: %w", err)
	}
	for i, col := range cols {
		if strings.HasSuffix(col, "_priv") && col != "Grant_priv" && vals[i].String != "Y" {
			return false, nil
		}
	}
	return true, nil
}

// authInfo is how an account authenticates.
type authInfo struct {
	hashes []string // mysql_native_password hashes
	socket bool     // unix_socket is one of its plugins
}

func (a authInfo) has(hash string) bool {
	for _, h := range a.hashes {
		if strings.EqualFold(h, hash) {
			return true
		}
	}
	return false
}

func (c *Client) hash(ctx context.Context, password string) (string, error) {
	if c.dryRun {
		return "", nil
	}
	var h string
	if err := c.db.QueryRowContext(ctx, "SELECT PASSWORD(?)", password).Scan(&h); err != nil {
		return "", fmt.Errorf("hashing a password: %w", err)
	}
	return h, nil
}

// auth reads an account's plugins and hashes: from mysql.global_priv on
// 10.4+ (where mysql.user is a view that shows one plugin only), from
// mysql.user before.
func (c *Client) auth(ctx context.Context, user, host string) (authInfo, error) {
	if c.dryRun {
		return authInfo{}, nil
	}
	if c.version.atLeast(10, 4) {
		var priv string
		err := c.db.QueryRowContext(ctx, "SELECT Priv FROM mysql.global_priv WHERE User = ? AND Host = ?", user, host).Scan(&priv)
		if err != nil {
			return authInfo{}, fmt.Errorf("reading the account %s@%s: %w", user, host, err)
		}
		return parsePriv(priv)
	}
	var hash, plugin sql.NullString
	err := c.db.QueryRowContext(ctx, "SELECT Password, plugin FROM mysql.user WHERE User = ? AND Host = ?", user, host).Scan(&hash, &plugin)
	if err != nil {
		return authInfo{}, fmt.Errorf("reading the account %s@%s: %w", user, host, err)
	}
	return authInfo{hashes: []string{hash.String}, socket: plugin.String == "unix_socket"}, nil
}

type authEntry struct {
	Plugin string `json:"plugin"`
	Auth   string `json:"authentication_string"`
}

// parsePriv reads the authentication part of a mysql.global_priv Priv
// JSON document: a plugin, and alternatives in auth_or (an empty entry
// there stands for the main one).
func parsePriv(priv string) (authInfo, error) {
	var p struct {
		authEntry
		Or []authEntry `json:"auth_or"`
	}
	if err := json.Unmarshal([]byte(priv), &p); err != nil {
		return authInfo{}, fmt.Errorf("parsing mysql.global_priv: %w", err)
	}
	var a authInfo
	for _, e := range append(p.Or, p.authEntry) {
		switch e.Plugin {
		case "unix_socket":
			a.socket = true
		case "mysql_native_password", "":
			if e.Auth != "" {
				a.hashes = append(a.hashes, e.Auth)
			}
		}
	}
	return a, nil
}
