// Package rabbit converges RabbitMQ's users and permissions with
// rabbitmqctl, as the reference guide does by hand ("rabbitmqctl add_user
// openstack RABBIT_PASS", "rabbitmqctl set_permissions openstack ".*"
// ".*" ".*"), but checking first: a user is added only when list_users
// lacks it, its password is changed only when authenticate_user refuses
// it, and permissions are set only when list_permissions differs.
//
// Commands go through host.Runner. Passwords are passed in argv, since
// CentOS 7's RabbitMQ 3.6 cannot read them from stdin, and are listed in
// Cmd.Redact so that logs and errors show ******.
package rabbit

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// Config configures a Client.
type Config struct {
	Runner host.Runner
	// Ctl is the rabbitmqctl program, host.Rabbitmqctl by default.
	Ctl string
	// Env is added to every command's environment (tests use it to point
	// rabbitmqctl at their node).
	Env    []string
	Logger *slog.Logger
}

// Client runs rabbitmqctl.
type Client struct {
	run     host.Runner
	ctl     string
	env     []string
	log     *slog.Logger
	changes int
}

// New returns a Client.
func New(cfg Config) *Client {
	if cfg.Ctl == "" {
		cfg.Ctl = host.Rabbitmqctl
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Client{run: cfg.Runner, ctl: cfg.Ctl, env: cfg.Env, log: cfg.Logger}
}

// User is a RabbitMQ user and its permissions on one virtual host.
type User struct {
	Name     string
	Password string // secret
	Perm     Permission
}

// Permission is a user's configure, write and read patterns on a vhost.
type Permission struct {
	VHost, User, Configure, Write, Read string
}

// OpenStack is the guide's user: openstack with RABBIT_PASS and every
// permission on "/".
func OpenStack(sec site.Secrets) (User, error) {
	pw := sec[site.RabbitPass]
	if pw == "" {
		return User{}, fmt.Errorf("%w %s", site.ErrMissingSecret, site.RabbitPass)
	}
	return User{Name: "openstack", Password: pw,
		Perm: Permission{VHost: "/", User: "openstack", Configure: ".*", Write: ".*", Read: ".*"}}, nil
}

// Changes counts the changing commands run so far.
func (c *Client) Changes() int { return c.changes }

// Apply converges u: it exists, has its password and its permissions.
func (c *Client) Apply(ctx context.Context, u User) error {
	if err := c.EnsureUser(ctx, u.Name, u.Password); err != nil {
		return err
	}
	return c.EnsurePermission(ctx, u.Perm)
}

// EnsureUser adds the user, or changes its password when RabbitMQ refuses
// the wanted one.
func (c *Client) EnsureUser(ctx context.Context, name, password string) error {
	out, err := c.ctlOut(ctx, nil, "-q", "list_users")
	if err != nil {
		return fmt.Errorf("listing RabbitMQ users: %w", err)
	}
	if !contains(ParseUsers(out), name) {
		return c.change(ctx, []string{password}, "add_user", name, password)
	}
	probe := host.Cmd{Name: c.ctl, Args: []string{"-q", "authenticate_user", name, password},
		Env: c.env, Redact: []string{password}, Probe: true}
	if _, err := c.run.Run(ctx, probe); err == nil {
		return nil
	}
	return c.change(ctx, []string{password}, "change_password", name, password)
}

// EnsurePermission sets p unless the vhost already gives it.
func (c *Client) EnsurePermission(ctx context.Context, p Permission) error {
	out, err := c.ctlOut(ctx, nil, "-q", "list_permissions", "-p", p.VHost)
	if err != nil {
		return fmt.Errorf("listing RabbitMQ permissions: %w", err)
	}
	for _, have := range ParsePermissions(p.VHost, out) {
		if have == p {
			return nil
		}
	}
	return c.change(ctx, nil, "set_permissions", "-p", p.VHost, p.User, p.Configure, p.Write, p.Read)
}

func (c *Client) change(ctx context.Context, redact []string, args ...string) error {
	if _, err := c.ctlOut(ctx, redact, args...); err != nil {
		return fmt.Errorf("running rabbitmqctl %s: %w", args[0], err)
	}
	c.changes++
	return nil
}

func (c *Client) ctlOut(ctx context.Context, redact []string, args ...string) ([]byte, error) {
	cmd := host.Cmd{Name: c.ctl, Args: args, Env: c.env, Redact: redact}
	c.log.Debug("running", "cmd", cmd.String())
	return c.run.Run(ctx, cmd)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// ParseUsers reads `rabbitmqctl -q list_users`: one user a line, a tab,
// its tags in brackets. It skips the headers and banners of RabbitMQ 3.6
// to 3.13 ("Listing users ...", "user\ttags", "...done.").
func ParseUsers(out []byte) []string {
	var users []string
	for _, f := range rows(out) {
		if len(f) >= 2 && (f[0] != "user" || f[1] != "tags") && strings.HasPrefix(f[1], "[") {
			users = append(users, f[0])
		}
	}
	return users
}

// ParsePermissions reads `rabbitmqctl -q list_permissions -p vhost`:
// user, configure, write and read patterns separated by tabs.
func ParsePermissions(vhost string, out []byte) []Permission {
	var ps []Permission
	for _, f := range rows(out) {
		if len(f) != 4 || (f[0] == "user" && f[1] == "configure") {
			continue
		}
		ps = append(ps, Permission{VHost: vhost, User: f[0], Configure: f[1], Write: f[2], Read: f[3]})
	}
	return ps
}

// rows splits tab-separated output, skipping banners.
func rows(out []byte) [][]string {
	var rs [][]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "Listing ") || line == "...done." {
			continue
		}
		rs = append(rs, strings.Split(line, "\t"))
	}
	return rs
}
