package steps

import (
	"context"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

// The Keystone objects are firstboot/identity's, whose Client implements
// Identity.
type (
	IdentityState = identity.State
	Domain        = identity.Domain
	Project       = identity.Project
	User          = identity.User
	Assignment    = identity.Assignment
	Service       = identity.Service
	Endpoint      = identity.Endpoint
)

// defaultDomain is the domain keystone-manage bootstrap creates.
const defaultDomain = identity.DefaultDomain

// interfaces are the endpoint interfaces the guide creates for a service.
var interfaces = identity.Interfaces

// identityLines describes st for the plan as the guide's openstack
// commands, passwords as ******.
func identityLines(st IdentityState) []string {
	ls := st.Lines()
	for i, l := range ls {
		ls[i] = "keystone: " + l
	}
	return ls
}

// keystone converges Keystone to st.
func keystone(st IdentityState) *call {
	return &call{desc: identityLines(st), fn: func(ctx context.Context, e *Env) error {
		return e.Identity.Apply(ctx, st)
	}}
}

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
	dd := defaultDomain
	return keystone(IdentityState{
		Regions: []string{b.site.Region},
		Domains: []Domain{
			{Name: dd, Description: "The default domain"},
			{Name: "example", Description: "An Example Domain"},
		},
		Projects: []Project{
			{Name: "admin", Domain: dd, Description: "Bootstrap project for initializing the cloud."},
			{Name: "service", Domain: dd, Description: "Service Project"},
			{Name: "myproject", Domain: dd, Description: "Demo Project"},
		},
		Roles: []string{"admin", "member", "reader", "user", "myrole"},
		Users: []User{
			{Name: "admin", Domain: dd, Password: b.secret(site.AdminPass)},
			{Name: "myuser", Domain: dd, Password: b.secret(site.DemoPass)},
		},
		Assignments: []Assignment{
			{User: "admin", Project: "admin", Role: "admin"},
			{User: "myuser", Project: "myproject", Role: "myrole"},
		},
		Services:  []Service{{Name: "keystone", Type: "identity", Description: "OpenStack Identity"}},
		Endpoints: b.endpoints("identity", b.url("5000")+"/v3/"),
	})
}

func (b *builder) endpoints(typ, url string) []Endpoint {
	var es []Endpoint
	for _, i := range interfaces {
		es = append(es, Endpoint{Service: typ, Interface: i, Region: b.site.Region, URL: url})
	}
	return es
}
