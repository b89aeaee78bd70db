// Package health checks through the OpenStack APIs that a configured node
// works, the last step of firstboot ("done means healthy"): on the
// controller, every service and endpoint the guide creates is in the
// Keystone catalog (as firstboot/identity.Build lists them), Glance
// answers and its network agents are alive; on a compute node its
// nova-compute service is up and its agent alive; on a network node its
// agents are alive; on a block node its cinder-volume service is up. It
// uses the Identity v3, Compute v2.1, Networking v2 and Block Storage v3
// APIs through gophercloud.
package health

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

// Checker checks nodes; it implements firstboot/steps.Health.
type Checker struct {
	// HTTPClient is used for every request (a 30 s timeout by default).
	HTTPClient *http.Client
	// AuthURL is Keystone's; http://<controller>:5000/v3 by default.
	AuthURL string
}

// credentials are the user a node's checks log in as: the admin on the
// controller, else the service user of the node's role (each has the
// admin role on the service project).
func credentials(n *site.Node) (user, secret, project string) {
	h := n.Self()
	switch {
	case h.Has(site.Controller):
		return "admin", site.AdminPass, "admin"
	case h.Has(site.Compute):
		return "nova", site.NovaPass, "service"
	case h.Has(site.Network):
		return "neutron", site.NeutronPass, "service"
	}
	return "cinder", site.CinderPass, "service"
}

// Check implements steps.Health.
func (c Checker) Check(ctx context.Context, n *site.Node) error {
	pc, err := c.login(ctx, n)
	if err != nil {
		return err
	}
	eo := gophercloud.EndpointOpts{Region: n.Site.Region, Availability: gophercloud.AvailabilityInternal}
	h := n.Self()
	if h.Has(site.Controller) {
		if err := c.controller(ctx, pc, eo, n); err != nil {
			return err
		}
	}
	if h.Has(site.Compute) {
		if err := computeUp(ctx, pc, eo, h, n.Site.Domain); err != nil {
			return err
		}
	}
	if n.Site.RunsL2Agent(h) {
		if err := agentsAlive(ctx, pc, eo, n.Site, h); err != nil {
			return err
		}
	}
	if h.Has(site.Block) {
		return volumeUp(ctx, pc, eo, h, n.Site.Domain)
	}
	return nil
}

func (c Checker) login(ctx context.Context, n *site.Node) (*gophercloud.ProviderClient, error) {
	user, secret, project := credentials(n)
	url := c.AuthURL
	if url == "" {
		url = "http://" + n.Site.ControllerName() + ":5000/v3"
	}
	pc, err := openstack.NewClient(url)
	if err != nil {
		return nil, fmt.Errorf("checking health: %w", err)
	}
	pc.HTTPClient = *c.httpClient()
	opts := gophercloud.AuthOptions{IdentityEndpoint: url, Username: user, Password: n.Secrets[secret],
		DomainName: identity.DefaultDomain, Scope: &gophercloud.AuthScope{ProjectName: project, DomainName: identity.DefaultDomain}}
	if err := openstack.Authenticate(ctx, pc, opts); err != nil {
		return nil, fmt.Errorf("checking health: logging in to Keystone as %s: %w", user, err)
	}
	return pc, nil
}

func (c Checker) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return &http.Client{Timeout: 30 * time.Second}
}
