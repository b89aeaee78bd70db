package identity

import (
	"context"
	"fmt"
)

// Missing lists, without changing anything, what Keystone lacks of st:
// regions, domains, projects, roles, users, role assignments, services,
// and endpoints (missing or with another URL). Passwords are not checked.
// An empty list means Keystone holds the whole State.
func (c *Client) Missing(ctx context.Context, st State) ([]string, error) {
	ix, err := c.load(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading Keystone: %w", err)
	}
	var out []string
	miss := func(ok bool, f string, a ...any) {
		if !ok {
			out = append(out, fmt.Sprintf(f, a...))
		}
	}
	for _, r := range st.Regions {
		miss(ix.regions[r], "region %s", r)
	}
	for _, d := range st.Domains {
		_, ok := ix.domains[d.Name]
		miss(ok, "domain %s", d.Name)
	}
	out = append(out, ix.missingNamed(st)...)
	for _, a := range st.Assignments {
		ids, err := ix.assignmentIDs(a)
		miss(err == nil && ix.assignments[ids], "role %s for user %s on project %s", a.Role, a.User, a.Project)
	}
	for _, e := range st.Endpoints {
		sid, _ := ix.serviceID(st, e.Service)
		have, ok := ix.endpoints[[3]string{sid, e.Interface, e.Region}]
		miss(ok && have.URL == e.URL, "%s endpoint %s %s in %s", e.Interface, e.Service, e.URL, e.Region)
	}
	return out, nil
}

// missingNamed lists the missing projects, roles, users and services.
func (ix *index) missingNamed(st State) []string {
	var out []string
	for _, p := range st.Projects {
		if _, ok := ix.projects[[2]string{ix.domains[p.Domain], p.Name}]; !ok {
			out = append(out, "project "+p.Name)
		}
	}
	for _, r := range st.Roles {
		if _, ok := ix.roles[r]; !ok {
			out = append(out, "role "+r)
		}
	}
	for _, u := range st.Users {
		if _, ok := ix.users[[2]string{ix.domains[u.Domain], u.Name}]; !ok {
			out = append(out, "user "+u.Name)
		}
	}
	for _, s := range st.Services {
		if _, ok := ix.services[[2]string{s.Type, s.Name}]; !ok {
			out = append(out, "service "+s.Name+" ("+s.Type+")")
		}
	}
	return out
}
