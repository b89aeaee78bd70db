// Package identity converges Keystone (Identity API v3) to the objects the
// reference guide creates with `openstack ... create`: the example domain,
// the service and demo projects, the demo and service users, the roles,
// the role assignments, and every service with its public, internal and
// admin endpoints in the site's region, following the official Rocky
// install guide for CentOS where the reference guide is silent (Cinder's
// volumev2 and volumev3 services, Horizon's "user" role).
//
// Build turns a site into the declarative State (which `firstboot plan`
// prints); Client.Apply lists each kind of object once and creates only
// what is missing, over one authenticated, keep-alive gophercloud client.
// A user whose password cannot get a token is given the wanted one, since
// keystone-manage bootstrap never changes an existing user's password.
package identity

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rockyiso/rockyiso/site"
)

// State is the set of Keystone objects a site wants.
type State struct {
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

// Assignment gives User the Role on Project (all in DefaultDomain).
type Assignment struct{ User, Project, Role string }

// Service is a catalog service, found by Type and Name.
type Service struct{ Name, Type, Description string }

// Endpoint is one URL of the service of type Service.
type Endpoint struct {
	Service, Interface, Region, URL string
}

// DefaultDomain is the domain keystone-manage bootstrap creates.
const DefaultDomain = "Default"

// Interfaces are the endpoint interfaces the guide creates for every service.
var Interfaces = []string{"public", "internal", "admin"}

type serviceSpec struct {
	Service
	port, path string
}

// guideServices lists the guide's services in its order, before Cinder's.
var guideServices = []serviceSpec{
	{Service{"keystone", "identity", "OpenStack Identity"}, "5000", "/v3/"},
	{Service{"glance", "image", "OpenStack Image"}, "9292", ""},
	{Service{"nova", "compute", "OpenStack Compute"}, "8774", "/v2.1"},
	{Service{"placement", "placement", "Placement API"}, "8778", ""},
	{Service{"neutron", "network", "OpenStack Networking"}, "9696", ""},
}

var cinderServices = []serviceSpec{
	{Service{"cinderv2", "volumev2", "OpenStack Block Storage"}, "8776", "/v2/%(project_id)s"},
	{Service{"cinderv3", "volumev3", "OpenStack Block Storage"}, "8776", "/v3/%(project_id)s"},
}

// Build returns the objects of the whole guide for s: the bootstrap's
// (admin project, user and role, the identity service) and everything
// created after it with `openstack ... create`.
func Build(s *site.Site, sec site.Secrets) (State, error) {
	users, err := buildUsers(s, sec)
	if err != nil {
		return State{}, fmt.Errorf("building the identity state: %w", err)
	}
	st := State{
		Regions: []string{s.Region},
		Domains: []Domain{{DefaultDomain, "The default domain"}, {"example", "An Example Domain"}},
		Projects: []Project{{"admin", DefaultDomain, "Bootstrap project for initializing the cloud."},
			{"service", DefaultDomain, "Service Project"}, {"myproject", DefaultDomain, "Demo Project"}},
		Roles: []string{"admin", "member", "reader", "user", "myrole"},
		Users: users,
	}
	for _, u := range users {
		st.Assignments = append(st.Assignments, assignmentOf(u.Name))
	}
	specs := guideServices
	if s.HasBlock() {
		specs = append(specs[:len(specs):len(specs)], cinderServices...)
	}
	for _, sp := range specs {
		st.Services = append(st.Services, sp.Service)
		for _, i := range Interfaces {
			url := "http://" + s.ControllerName() + ":" + sp.port + sp.path
			st.Endpoints = append(st.Endpoints, Endpoint{Service: sp.Type, Interface: i, Region: s.Region, URL: url})
		}
	}
	return st, nil
}

func assignmentOf(user string) Assignment {
	switch user {
	case "admin":
		return Assignment{"admin", "admin", "admin"}
	case "myuser":
		return Assignment{"myuser", "myproject", "myrole"}
	default:
		return Assignment{user, "service", "admin"}
	}
}

func buildUsers(s *site.Site, sec site.Secrets) ([]User, error) {
	specs := [][2]string{{"admin", site.AdminPass}, {"myuser", site.DemoPass},
		{"glance", site.GlancePass}, {"nova", site.NovaPass}, {"placement", site.PlacementPass},
		{"neutron", site.NeutronPass}}
	if s.HasBlock() {
		specs = append(specs, [2]string{"cinder", site.CinderPass})
	}
	users := make([]User, 0, len(specs))
	for _, sp := range specs {
		if sec[sp[1]] == "" {
			return nil, fmt.Errorf("%w %s (password of user %s)", site.ErrMissingSecret, sp[1], sp[0])
		}
		users = append(users, User{Name: sp[0], Domain: DefaultDomain, Password: sec[sp[1]]})
	}
	return users, nil
}

// Lines describes the state as the equivalent `openstack` commands, one a
// line, with passwords as ******.
func (st State) Lines() []string {
	var ls []string
	add := func(f string, a ...any) { ls = append(ls, fmt.Sprintf(f, a...)) }
	for _, r := range st.Regions {
		add("openstack region create %s", r)
	}
	for _, d := range st.Domains {
		add("openstack domain create --description %q %s", d.Description, d.Name)
	}
	for _, p := range st.Projects {
		add("openstack project create --domain %s --description %q %s", p.Domain, p.Description, p.Name)
	}
	for _, r := range st.Roles {
		add("openstack role create %s", r)
	}
	for _, u := range st.Users {
		add("openstack user create --domain %s --password ****** %s", u.Domain, u.Name)
	}
	for _, a := range st.Assignments {
		add("openstack role add --project %s --user %s %s", a.Project, a.User, a.Role)
	}
	for _, s := range st.Services {
		add("openstack service create --name %s --description %q %s", s.Name, s.Description, s.Type)
	}
	for _, e := range st.Endpoints {
		add("openstack endpoint create --region %s %s %s %s", e.Region, e.Service, e.Interface, e.URL)
	}
	return ls
}

// String is Lines joined by newlines.
func (st State) String() string { return strings.Join(st.Lines(), "\n") }

// GoString is String, so %#v shows no password either.
func (st State) GoString() string { return st.String() }

// String shows the user without its password.
func (u User) String() string { return u.Domain + "/" + u.Name }

// GoString is String.
func (u User) GoString() string { return u.String() }

// Catalog lists the service catalog st makes, one "type name interface
// region url" line per endpoint, sorted: what a token's catalog holds.
func (st State) Catalog() []string {
	names := map[string]string{}
	for _, s := range st.Services {
		names[s.Type] = s.Name
	}
	out := make([]string, 0, len(st.Endpoints))
	for _, e := range st.Endpoints {
		out = append(out, strings.Join([]string{e.Service, names[e.Service], e.Interface, e.Region, e.URL}, " "))
	}
	sort.Strings(out)
	return out
}
