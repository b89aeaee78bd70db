package identity

import (
	"context"
	"fmt"
	"sync"

	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/endpoints"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/projects"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/regions"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/roles"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/services"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/users"
	"github.com/gophercloud/gophercloud/v2/pagination"
)

// index is what Keystone has, listed once per kind, by natural key.
type index struct {
	mu          sync.Mutex // guards the maps while Apply writes them in parallel
	regions     map[string]bool
	domains     map[string]string    // name -> ID
	projects    map[[2]string]string // domain ID, name -> ID
	users       map[[2]string]string // domain ID, name -> ID
	roles       map[string]string    // name -> ID (global roles)
	assignments map[[3]string]bool   // user ID, project ID, role ID
	services    map[[2]string]string // type, name -> ID
	endpoints   map[[3]string]endpoints.Endpoint
}

// load lists every kind, parallelism kinds at once.
func (c *Client) load(ctx context.Context) (*index, error) {
	ix := &index{}
	loads := []func(context.Context) error{
		ix.loader("regions", regions.List(c.sc, nil), ix.addRegions),
		ix.loader("domains", domains.List(c.sc, nil), ix.addDomains),
		ix.loader("projects", projects.List(c.sc, nil), ix.addProjects),
		ix.loader("users", users.List(c.sc, nil), ix.addUsers),
		ix.loader("roles", roles.List(c.sc, nil), ix.addRoles),
		ix.loader("role assignments", roles.ListAssignments(c.sc, roles.ListAssignmentsOpts{}), ix.addAssignments),
		ix.loader("services", services.List(c.sc, nil), ix.addServices),
		ix.loader("endpoints", endpoints.List(c.sc, nil), ix.addEndpoints),
	}
	return ix, each(loads, func(l func(context.Context) error) error { return l(ctx) })
}

func (ix *index) loader(kind string, p pagination.Pager, add func(pagination.Page) error) func(context.Context) error {
	return func(ctx context.Context) error {
		page, err := p.AllPages(ctx)
		if err == nil {
			err = add(page)
		}
		if err != nil {
			return fmt.Errorf("listing %s: %w", kind, err)
		}
		return nil
	}
}

func (ix *index) addRegions(p pagination.Page) error {
	rs, err := regions.ExtractRegions(p)
	ix.regions = map[string]bool{}
	for _, r := range rs {
		ix.regions[r.ID] = true
	}
	return err
}

func (ix *index) addDomains(p pagination.Page) error {
	ds, err := domains.ExtractDomains(p)
	ix.domains = map[string]string{}
	for _, d := range ds {
		ix.domains[d.Name] = d.ID
	}
	return err
}

func (ix *index) addProjects(p pagination.Page) error {
	ps, err := projects.ExtractProjects(p)
	ix.projects = map[[2]string]string{}
	for _, pr := range ps {
		ix.projects[[2]string{pr.DomainID, pr.Name}] = pr.ID
	}
	return err
}

func (ix *index) addUsers(p pagination.Page) error {
	us, err := users.ExtractUsers(p)
	ix.users = map[[2]string]string{}
	for _, u := range us {
		ix.users[[2]string{u.DomainID, u.Name}] = u.ID
	}
	return err
}

func (ix *index) addRoles(p pagination.Page) error {
	rs, err := roles.ExtractRoles(p)
	ix.roles = map[string]string{}
	for _, r := range rs {
		if r.DomainID == "" {
			ix.roles[r.Name] = r.ID
		}
	}
	return err
}

func (ix *index) addAssignments(p pagination.Page) error {
	as, err := roles.ExtractRoleAssignments(p)
	ix.assignments = map[[3]string]bool{}
	for _, a := range as {
		if a.User.ID != "" && a.Scope.Project.ID != "" {
			ix.assignments[[3]string{a.User.ID, a.Scope.Project.ID, a.Role.ID}] = true
		}
	}
	return err
}

func (ix *index) addServices(p pagination.Page) error {
	ss, err := services.ExtractServices(p)
	ix.services = map[[2]string]string{}
	for _, s := range ss {
		ix.services[[2]string{s.Type, s.Name}] = s.ID
	}
	return err
}

func (ix *index) addEndpoints(p pagination.Page) error {
	es, err := endpoints.ExtractEndpoints(p)
	ix.endpoints = map[[3]string]endpoints.Endpoint{}
	for _, e := range es {
		ix.endpoints[[3]string{e.ServiceID, string(e.Availability), e.RegionID}] = e
	}
	return err
}

// set runs f, which writes the maps, under the lock.
func (ix *index) set(f func()) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	f()
}
