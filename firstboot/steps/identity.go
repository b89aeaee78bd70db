package steps

import (
	"context"
	"fmt"

	"github.com/rockyiso/rockyiso/site"
)

// IdentityState is a set of Keystone objects, shaped as
// firstboot/identity's State so that its Client implements Identity.
type IdentityState struct {
	Regions     []string
	Domains     []Domain
	Projects    []Project
	Roles       []string
	Users       []User
	Assignments []Assignment
	Services    []Service
	Endpoints   []Endpoint
}

// Domain is an identity domain.
type Domain struct{ Name, Description string }

// Project is a project in a domain (by name).
type Project struct{ Name, Domain, Description string }

// User is a user in a domain, with its password (a secret).
type User struct {
	Name, Domain string
	Password     string
}

// Assignment gives User the Role on Project.
type Assignment struct{ User, Project, Role string }

// Service is a catalog service, found by Type and Name.
type Service struct{ Name, Type, Description string }

// Endpoint is one URL of the service of type Service.
type Endpoint struct {
	Service, Interface, Region, URL string
}

// defaultDomain is the domain keystone-manage bootstrap creates.
const defaultDomain = "Default"

// lines describes st for the plan, one object a line.
func (st IdentityState) lines() []string {
	var ls []string
	add := func(f string, a ...any) { ls = append(ls, "keystone: "+fmt.Sprintf(f, a...)) }
	for _, r := range st.Regions {
		add("region %s", r)
	}
	for _, d := range st.Domains {
		add("domain %s (%q)", d.Name, d.Description)
	}
	for _, p := range st.Projects {
		add("project %s in domain %s (%q)", p.Name, p.Domain, p.Description)
	}
	for _, r := range st.Roles {
		add("role %s", r)
	}
	for _, u := range st.Users {
		add("user %s in domain %s, password %s", u.Name, u.Domain, u.Password)
	}
	for _, a := range st.Assignments {
		add("role %s for user %s on project %s", a.Role, a.User, a.Project)
	}
	for _, s := range st.Services {
		add("service %s type %s (%q)", s.Name, s.Type, s.Description)
	}
	for _, e := range st.Endpoints {
		add("endpoint %s %s %s %s", e.Region, e.Service, e.Interface, e.URL)
	}
	return ls
}

// keystone converges Keystone to st.
func keystone(st IdentityState) *call {
	return &call{desc: st.lines(), fn: func(ctx context.Context, e *Env) error {
		return e.Identity.Apply(ctx, st)
	}}
}

// interfaces are the endpoint interfaces the guide creates for a service.
var interfaces = []string{"public", "internal", "admin"}

// endpoint is a service of the catalog at url.
type endpoint struct {
	Service
	url string
}

// serviceIdentity is a service's user with the admin role on the service
// project, and its services with their three endpoints each.
func (b *builder) serviceIdentity(user, pass string, eps ...endpoint) Action {
	st := IdentityState{
		Users:       []User{{Name: user, Domain: defaultDomain, Password: pass}},
		Assignments: []Assignment{{User: user, Project: "service", Role: "admin"}},
	}
	for _, ep := range eps {
		st.Services = append(st.Services, ep.Service)
		st.Endpoints = append(st.Endpoints, b.endpoints(ep.Type, ep.url)...)
	}
	return keystone(st)
}

// bootstrapIdentity is what keystone-manage bootstrap made (verified,
// and the admin password reconciled) and the guide's first objects: the
// example domain, the service and demo projects, the demo user and role,
// and Horizon's default role "user" (official guide).
func (b *builder) bootstrapIdentity() Action {
	return keystone(IdentityState{
		Regions:  []string{b.site.Region},
		Domains:  []Domain{{defaultDomain, "The default domain"}, {"example", "An Example Domain"}},
		Projects: []Project{{"admin", defaultDomain, "Bootstrap project for initializing the cloud."}, {"service", defaultDomain, "Service Project"}, {"myproject", defaultDomain, "Demo Project"}},
		Roles:    []string{"admin", "member", "reader", "user", "myrole"},
		Users: []User{
			{Name: "admin", Domain: defaultDomain, Password: b.secret(site.AdminPass)},
			{Name: "myuser", Domain: defaultDomain, Password: b.secret(site.DemoPass)},
		},
		Assignments: []Assignment{{"admin", "admin", "admin"}, {"myuser", "myproject", "myrole"}},
		Services:    []Service{{"keystone", "identity", "OpenStack Identity"}},
		Endpoints:   b.endpoints("identity", b.url("5000")+"/v3/"),
	})
}

func (b *builder) endpoints(typ, url string) []Endpoint {
	var es []Endpoint
	for _, i := range interfaces {
		es = append(es, Endpoint{Service: typ, Interface: i, Region: b.site.Region, URL: url})
	}
	return es
}
