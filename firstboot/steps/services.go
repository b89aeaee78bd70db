package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/site"
)

// Databases is MariaDB on the controller, reached on its local socket as
// root (firstboot/db implements it with go-sql-driver/mysql). Every method
// is idempotent: it checks, and changes only what differs.
type Databases interface {
	// Secure does what mysql_secure_installation does: sets the root
	// password, drops anonymous users, remote root and the test database.
	Secure(ctx context.Context, rootPassword string) error
	// EnsureDatabase runs CREATE DATABASE IF NOT EXISTS name.
	EnsureDatabase(ctx context.Context, name string) error
	// EnsureUser runs CREATE USER IF NOT EXISTS user@host and ALTER USER
	// so that the password converges.
	EnsureUser(ctx context.Context, user, host, password string) error
	// Grant runs GRANT ALL PRIVILEGES ON db.* TO user@host.
	Grant(ctx context.Context, db, user, host string) error
}

// Rabbit is RabbitMQ on the controller (firstboot/rabbit implements it
// with rabbitmqctl through the host Runner).
type Rabbit interface {
	// EnsureUser adds the user (list_users first) or changes its
	// password.
	EnsureUser(ctx context.Context, user, password string) error
	// EnsurePermission sets p unless the vhost already gives it.
	EnsurePermission(ctx context.Context, p RabbitPermission) error
}

// RabbitPermission is a user's configure, write and read patterns on a
// vhost.
type RabbitPermission = rabbit.Permission

// Identity is Keystone, authenticated as the bootstrap admin
// (firstboot/identity implements it with gophercloud): Apply creates what
// is missing of st, get-or-create, and reconciles the users' passwords.
type Identity interface {
	Apply(ctx context.Context, st IdentityState) error
}

// Controller tells whether the controller is ready for the other nodes
// (firstboot/wait implements it): a Keystone token can be issued,
// RabbitMQ accepts the openstack user, Placement and Nova answer. Ready
// may keep trying until ctx ends, calling status with what it waits for
// and the last error each time it tries again; the step retries it with
// backoff.
type Controller interface {
	Ready(ctx context.Context, status func(string)) error
}

// Health checks a node's work through the APIs once it is configured.
type Health interface {
	// Check returns nil when the host's roles are healthy: for the
	// controller every service and endpoint exists, Glance answers and
	// the network agents are alive; for a compute node its nova-compute
	// service is up and its agent alive.
	Check(ctx context.Context, n *site.Node) error
}

// call is an action on a service interface: idempotent by construction,
// so its Check is Unknown and it runs whenever its step runs.
type call struct {
	desc []string
	fn   func(ctx context.Context, e *Env) error
	// recheck makes the call run on every run, finished or not: a check
	// such as the health one is its own verification.
	recheck bool
}

func (c *call) String() string { return strings.Join(c.desc, "\n    ") }

func (c *call) Check(context.Context, *Env) (Status, error) {
	if c.recheck {
		return Todo, nil
	}
	return Unknown, nil
}

func (c *call) Apply(ctx context.Context, e *Env) error { return c.fn(ctx, e) }

// secureRoot is mysql_secure_installation.
func secureRoot(pass string) *call {
	return &call{
		desc: []string{
			"sql: ALTER USER 'root'@'localhost' IDENTIFIED BY '" + pass + "'",
			"sql: DELETE FROM mysql.user WHERE User=''",
			"sql: DELETE FROM mysql.user WHERE User='root' AND Host NOT IN ('localhost', '127.0.0.1', '::1')",
			"sql: DROP DATABASE IF EXISTS test",
			"sql: DELETE FROM mysql.db WHERE Db='test' OR Db='test\\_%'",
			"sql: FLUSH PRIVILEGES",
		},
		fn: func(ctx context.Context, e *Env) error {
			return e.DB.Secure(ctx, pass)
		},
	}
}

// database is the guide's CREATE DATABASE and GRANTs for a service user
// from localhost and from anywhere.
func database(db, user, pass string) *call {
	desc := []string{"sql: CREATE DATABASE IF NOT EXISTS " + db}
	for _, h := range []string{"localhost", "%"} {
		desc = append(desc,
			fmt.Sprintf("sql: CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s'", user, h, pass),
			fmt.Sprintf("sql: ALTER USER '%s'@'%s' IDENTIFIED BY '%s'", user, h, pass),
			fmt.Sprintf("sql: GRANT ALL PRIVILEGES ON %s.* TO '%s'@'%s'", db, user, h))
	}
	return &call{desc: desc, fn: func(ctx context.Context, e *Env) error {
		return seq(func() error { return e.DB.EnsureDatabase(ctx, db) },
			func() error { return e.DB.EnsureUser(ctx, user, "localhost", pass) },
			func() error { return e.DB.Grant(ctx, db, user, "localhost") },
			func() error { return e.DB.EnsureUser(ctx, user, "%", pass) },
			func() error { return e.DB.Grant(ctx, db, user, "%") })
	}}
}

// seq runs fns in order, stopping at the first error.
func seq(fns ...func() error) error {
	for _, fn := range fns {
		if err := fn(); err != nil {
			return err
		}
	}
	return nil
}

// rabbitUser is the guide's add_user and set_permissions.
func rabbitUser(user, pass string) *call {
	return &call{
		desc: []string{
			"rabbitmqctl add_user " + user + " " + pass + "   # unless list_users has it; else change_password",
			`rabbitmqctl set_permissions -p / ` + user + ` ".*" ".*" ".*"`,
		},
		fn: func(ctx context.Context, e *Env) error {
			return seq(func() error { return e.Rabbit.EnsureUser(ctx, user, pass) },
				func() error {
					return e.Rabbit.EnsurePermission(ctx, RabbitPermission{VHost: "/", User: user, Configure: ".*", Write: ".*", Read: ".*"})
				})
		},
	}
}

// waitController waits until the controller is ready.
func waitController() *call {
	return &call{desc: []string{"wait: controller ready (a Keystone token, RabbitMQ user openstack, the Placement and Nova APIs)"},
		fn: func(ctx context.Context, e *Env) error { return e.Wait.Ready(ctx, e.status) }}
}

// healthy checks the node's work through the APIs.
func healthy(n *site.Node) *call {
	return &call{desc: []string{"health: " + strings.Join(healthChecks(n), "; ")}, recheck: true,
		fn: func(ctx context.Context, e *Env) error { return e.Health.Check(ctx, n) }}
}

func healthChecks(n *site.Node) []string {
	h := n.Self()
	var cs []string
	if h.Has(site.Controller) {
		cs = append(cs, "every service and endpoint exists", "Glance answers", "the network agents are alive")
	}
	if h.Has(site.Compute) {
		cs = append(cs, "nova-compute on "+h.Name+" is up")
	}
	if n.Site.RunsL2Agent(h) {
		cs = append(cs, "the agents on "+h.Name+" are alive")
	}
	if h.Has(site.Block) {
		cs = append(cs, "cinder-volume on "+h.Name+" is up")
	}
	return cs
}
