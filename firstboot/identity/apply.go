package identity

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/domains"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/endpoints"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/projects"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/regions"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/roles"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/services"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/users"
)

// Apply converges Keystone to st: it lists each kind of object once, then
// creates what is missing in dependency order, updates endpoints whose
// URL differs and users whose password gets no token. It never deletes.
func (c *Client) Apply(ctx context.Context, st State) error {
	return redact(c.apply(ctx, st), st)
}

func (c *Client) apply(ctx context.Context, st State) error {
	ix, err := c.load(ctx)
	if err != nil {
		return fmt.Errorf("reading Keystone: %w", err)
	}
	for _, step := range []func(context.Context, *index, State) error{
		c.applyRegions, c.applyDomains, c.applyProjects, c.applyRoles, c.applyUsers,
		c.applyAssignments, c.applyServices, c.applyEndpoints,
	} {
		if err := step(ctx, ix, st); err != nil {
			return err
		}
	}
	return nil
}

// did logs a change and counts it.
func (c *Client) did(what, name string, err error) error {
	if err != nil {
		c.log.Error("identity change failed", "op", what, "name", name, "err", err)
		return fmt.Errorf("%s %s: %w", what, name, err)
	}
	c.changes.Add(1)
	c.log.Info("identity change", "op", what, "name", name)
	return nil
}

func (c *Client) applyRegions(ctx context.Context, ix *index, st State) error {
	for _, r := range st.Regions {
		if ix.regions[r] {
			continue
		}
		err := retry(ctx, func() error { _, err := regions.Create(ctx, c.sc, regions.CreateOpts{ID: r}).Extract(); return err })
		if err := c.did("creating region", r, err); err != nil {
			return err
		}
		ix.regions[r] = true
	}
	return nil
}

func (c *Client) applyDomains(ctx context.Context, ix *index, st State) error {
	missing := filter(st.Domains, func(d Domain) bool { _, ok := ix.domains[d.Name]; return !ok })
	return each(missing, func(d Domain) error {
		var got *domains.Domain
		err := retry(ctx, func() (err error) {
			got, err = domains.Create(ctx, c.sc, domains.CreateOpts{Name: d.Name, Description: d.Description}).Extract()
			return err
		})
		if err := c.did("creating domain", d.Name, err); err != nil {
			return err
		}
		ix.set(func() { ix.domains[d.Name] = got.ID })
		return nil
	})
}

// checkDomains fails if a project or user names a domain Keystone lacks.
func (ix *index) checkDomains(st State) error {
	var names []string
	for _, p := range st.Projects {
		names = append(names, p.Domain)
	}
	for _, u := range st.Users {
		names = append(names, u.Domain)
	}
	for _, n := range names {
		if _, ok := ix.domains[n]; !ok {
			return fmt.Errorf("identity: domain %s does not exist: list it in State.Domains", n)
		}
	}
	return nil
}

func (c *Client) applyProjects(ctx context.Context, ix *index, st State) error {
	if err := ix.checkDomains(st); err != nil {
		return err
	}
	missing := filter(st.Projects, func(p Project) bool {
		_, ok := ix.projects[[2]string{ix.domains[p.Domain], p.Name}]
		return !ok
	})
	return each(missing, func(p Project) error {
		did := ix.domains[p.Domain]
		var got *projects.Project
		err := retry(ctx, func() (err error) {
			got, err = projects.Create(ctx, c.sc, projects.CreateOpts{Name: p.Name, DomainID: did, Description: p.Description}).Extract()
			return err
		})
		if err := c.did("creating project", p.Name, err); err != nil {
			return err
		}
		ix.set(func() { ix.projects[[2]string{did, p.Name}] = got.ID })
		return nil
	})
}

func (c *Client) applyRoles(ctx context.Context, ix *index, st State) error {
	missing := filter(st.Roles, func(r string) bool { _, ok := ix.roles[r]; return !ok })
	return each(missing, func(r string) error {
		var got *roles.Role
		err := retry(ctx, func() (err error) {
			got, err = roles.Create(ctx, c.sc, roles.CreateOpts{Name: r}).Extract()
			return err
		})
		if err := c.did("creating role", r, err); err != nil {
			return err
		}
		ix.set(func() { ix.roles[r] = got.ID })
		return nil
	})
}

// applyUsers creates the missing users and checks the others' passwords,
// resetting those that get no token, all in parallel.
func (c *Client) applyUsers(ctx context.Context, ix *index, st State) error {
	if err := ix.checkDomains(st); err != nil {
		return err
	}
	return each(st.Users, func(u User) error {
		key := [2]string{ix.domains[u.Domain], u.Name}
		ix.mu.Lock()
		id, ok := ix.users[key]
		ix.mu.Unlock()
		if ok {
			return c.reconcilePassword(ctx, id, u)
		}
		enabled := true
		var got *users.User
		err := retry(ctx, func() (err error) {
			got, err = users.Create(ctx, c.sc, users.CreateOpts{Name: u.Name, DomainID: key[0], Password: u.Password, Enabled: &enabled}).Extract()
			return err
		})
		if err := c.did("creating user", u.Name, err); err != nil {
			return err
		}
		ix.set(func() { ix.users[key] = got.ID })
		return nil
	})
}

func (c *Client) reconcilePassword(ctx context.Context, id string, u User) error {
	ok, err := c.CheckPassword(ctx, id, u.Password)
	if err != nil || ok {
		return err
	}
	err = retry(ctx, func() error {
		_, err := users.Update(ctx, c.sc, id, users.UpdateOpts{Password: u.Password}).Extract()
		return err
	})
	return c.did("setting the password of user", u.Name, err)
}

func (c *Client) applyAssignments(ctx context.Context, ix *index, st State) error {
	var missing [][3]string
	for _, a := range st.Assignments {
		ids, err := ix.assignmentIDs(a)
		if err != nil {
			return err
		}
		if !ix.assignments[ids] {
			missing = append(missing, ids)
		}
	}
	return each(missing, func(ids [3]string) error {
		err := retry(ctx, func() error {
			return roles.Assign(ctx, c.sc, ids[2], roles.AssignOpts{UserID: ids[0], ProjectID: ids[1]}).ExtractErr()
		})
		if err := c.did("assigning role", ids[2]+" to user "+ids[0]+" on project "+ids[1], err); err != nil {
			return err
		}
		ix.set(func() { ix.assignments[ids] = true })
		return nil
	})
}

// assignmentIDs returns the user, project and role IDs of a.
func (ix *index) assignmentIDs(a Assignment) ([3]string, error) {
	did := ix.domains[DefaultDomain]
	uid, uok := ix.users[[2]string{did, a.User}]
	pid, pok := ix.projects[[2]string{did, a.Project}]
	rid, rok := ix.roles[a.Role]
	if !uok || !pok || !rok {
		return [3]string{}, fmt.Errorf("identity: assignment %+v names a user, project or role missing from the State", a)
	}
	return [3]string{uid, pid, rid}, nil
}

func (c *Client) applyServices(ctx context.Context, ix *index, st State) error {
	missing := filter(st.Services, func(s Service) bool { _, ok := ix.services[[2]string{s.Type, s.Name}]; return !ok })
	return each(missing, func(s Service) error {
		var got *services.Service
		err := retry(ctx, func() (err error) {
			got, err = services.Create(ctx, c.sc, services.CreateOpts{Type: s.Type, Name: s.Name, Description: s.Description}).Extract()
			return err
		})
		if err := c.did("creating service", s.Name, err); err != nil {
			return err
		}
		ix.set(func() { ix.services[[2]string{s.Type, s.Name}] = got.ID })
		return nil
	})
}

// serviceID finds the service of type t (the State names one per type).
func (ix *index) serviceID(st State, t string) (string, error) {
	for _, s := range st.Services {
		if s.Type == t {
			return ix.services[[2]string{s.Type, s.Name}], nil
		}
	}
	return "", fmt.Errorf("identity: endpoint of service type %s: no such service in the State", t)
}

func (c *Client) applyEndpoints(ctx context.Context, ix *index, st State) error {
	for _, e := range st.Endpoints {
		if _, err := ix.serviceID(st, e.Service); err != nil {
			return err
		}
	}
	return each(st.Endpoints, func(e Endpoint) error {
		sid, _ := ix.serviceID(st, e.Service)
		have, ok := ix.endpoints[[3]string{sid, e.Interface, e.Region}]
		var err error
		switch {
		case ok && have.URL == e.URL:
			return nil
		case ok:
			err = retry(ctx, func() error {
				_, err := endpoints.Update(ctx, c.sc, have.ID, endpoints.UpdateOpts{URL: e.URL}).Extract()
				return err
			})
			return c.did("updating endpoint", e.Service+" "+e.Interface, err)
		default:
			err = retry(ctx, func() error {
				_, err := endpoints.Create(ctx, c.sc, endpoints.CreateOpts{ServiceID: sid, Region: e.Region,
					Availability: gophercloud.Availability(e.Interface), URL: e.URL}).Extract()
				return err
			})
			return c.did("creating endpoint", e.Service+" "+e.Interface, err)
		}
	})
}

// parallelism bounds the requests in flight at once. It stays below the
// Keystone workers of the guide's httpd (processes=5 threads=1): a worker
// that serves a kept-alive connection waits for it, so more connections
// than workers stall until the server times one out.
const parallelism = 4

// each runs f on every item, at most parallelism at once, and joins the
// errors.
func each[T any](items []T, f func(T) error) error {
	errs := make([]error, len(items))
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = f(it)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func filter[T any](items []T, keep func(T) bool) []T {
	var out []T
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}
