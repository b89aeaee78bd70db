package db

import (
	"context"
	"fmt"

	"github.com/rockyiso/rockyiso/site"
)

// Database is one service database of the guide and the account that
// owns it.
type Database struct {
	Name, User string
	// Password is the account's password (a secret).
	Password string
}

// String shows the database without its password.
func (d Database) String() string { return d.Name + " (user " + d.User + ")" }

// Hosts are the hosts each service account is created for, as the guide
// grants them.
var Hosts = []string{"localhost", "%"}

// Databases lists the controller's databases in the guide's order:
// keystone, glance, nova_api, nova, nova_cell0, placement, neutron, and
// cinder when the site has a block node.
func Databases(s *site.Site, sec site.Secrets) ([]Database, error) {
	type spec struct{ name, user, secret string }
	specs := []spec{
		{"keystone", "keystone", site.KeystoneDBPass}, {"glance", "glance", site.GlanceDBPass},
		{"nova_api", "nova", site.NovaDBPass}, {"nova", "nova", site.NovaDBPass},
		{"nova_cell0", "nova", site.NovaDBPass}, {"placement", "placement", site.PlacementDBPass},
		{"neutron", "neutron", site.NeutronDBPass},
	}
	if s.HasBlock() {
		specs = append(specs, spec{"cinder", "cinder", site.CinderDBPass})
	}
	dbs := make([]Database, 0, len(specs))
	for _, sp := range specs {
		pw := sec[sp.secret]
		if pw == "" {
			return nil, fmt.Errorf("listing databases: %w %s", site.ErrMissingSecret, sp.secret)
		}
		dbs = append(dbs, Database{Name: sp.name, User: sp.user, Password: pw})
	}
	return dbs, nil
}

// Apply converges every database: it exists, its user exists for each of
// Hosts with the wanted password, and has ALL PRIVILEGES on it.
func (c *Client) Apply(ctx context.Context, dbs []Database) error {
	for _, d := range dbs {
		if err := c.apply(ctx, d); err != nil {
			return fmt.Errorf("setting up database %s: %w", d.Name, err)
		}
	}
	return nil
}

func (c *Client) apply(ctx context.Context, d Database) error {
	if err := c.EnsureDatabase(ctx, d.Name); err != nil {
		return err
	}
	for _, h := range Hosts {
		if err := c.EnsureUser(ctx, d.User, h, d.Password); err != nil {
			return err
		}
		if err := c.Grant(ctx, d.Name, d.User, h); err != nil {
			return err
		}
	}
	return nil
}
