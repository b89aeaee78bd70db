package health

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/endpoints"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/services"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

// controller checks the catalog and that Glance answers.
func (c Checker) controller(ctx context.Context, pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts, n *site.Node) error {
	want, err := identity.Build(n.Site, n.Secrets)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	have, err := catalog(ctx, pc, eo)
	if err != nil {
		return err
	}
	if missing := missingEndpoints(want.Endpoints, have); len(missing) > 0 {
		return fmt.Errorf("checking health: the catalog lacks %s", strings.Join(missing, ", "))
	}
	return c.answers(ctx, "glance", "http://"+n.Site.ControllerName()+":9292/")
}

// catalog lists Keystone's endpoints with their services' types.
func catalog(ctx context.Context, pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts) ([]identity.Endpoint, error) {
	sc, err := openstack.NewIdentityV3(pc, eo)
	if err != nil {
		return nil, fmt.Errorf("checking health: %w", err)
	}
	sp, err := services.List(sc, nil).AllPages(ctx)
	if err != nil {
		return nil, fmt.Errorf("checking health: listing services: %w", err)
	}
	svcs, err := services.ExtractServices(sp)
	if err != nil {
		return nil, fmt.Errorf("checking health: listing services: %w", err)
	}
	types := map[string]string{}
	for _, s := range svcs {
		types[s.ID] = s.Type
	}
	ep, err := endpoints.List(sc, nil).AllPages(ctx)
	if err != nil {
		return nil, fmt.Errorf("checking health: listing endpoints: %w", err)
	}
	eps, err := endpoints.ExtractEndpoints(ep)
	if err != nil {
		return nil, fmt.Errorf("checking health: listing endpoints: %w", err)
	}
	out := make([]identity.Endpoint, 0, len(eps))
	for _, e := range eps {
		out = append(out, identity.Endpoint{Service: types[e.ServiceID], Interface: string(e.Availability), Region: e.Region, URL: e.URL})
	}
	return out, nil
}

// missingEndpoints lists the wanted endpoints that have is without.
func missingEndpoints(want, have []identity.Endpoint) []string {
	var missing []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			missing = append(missing, fmt.Sprintf("%s %s %s", w.Service, w.Interface, w.URL))
		}
	}
	return missing
}

// answers checks that an API returns something other than a server error.
func (c Checker) answers(ctx context.Context, name, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("checking health: %s does not answer: %w", name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 {
		return fmt.Errorf("checking health: %s answers %s", name, resp.Status)
	}
	return nil
}
