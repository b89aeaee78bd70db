// Package fakesvc holds recording fakes of the services firstboot's steps
// talk to (MariaDB, RabbitMQ, Keystone, the controller's readiness and
// the health checks), for unit tests. They keep state and record the calls
// that changed it, so a test can assert that a second run changes nothing.
// The integration tests run the real implementations against real
// services.
package fakesvc

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/rockyiso/rockyiso/site"
)

// Services implements steps.Databases, steps.Rabbit, steps.Identity,
// steps.Controller and steps.Health at once.
type Services struct {
	// ReadyErrs are returned by the first calls to Ready, one each.
	ReadyErrs []error
	// HealthChecks counts the calls to Check.
	HealthChecks int

	mu    sync.Mutex
	state map[string]string
	calls []string
}

// New returns empty services.
func New() *Services { return &Services{state: map[string]string{}} }

// Calls returns the calls that changed something, in order (secrets are
// not recorded).
func (s *Services) Calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// ensure records key=value, and the call when it changed something.
func (s *Services) ensure(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.state[key]; ok && v == value {
		return nil
	}
	s.state[key] = value
	s.calls = append(s.calls, key)
	return nil
}

// Secure implements steps.Databases.
func (s *Services) Secure(_ context.Context, pass string) error {
	return s.ensure("mysql root", pass)
}

// EnsureDatabase implements steps.Databases.
func (s *Services) EnsureDatabase(_ context.Context, name string) error {
	return s.ensure("database "+name, "")
}

// EnsureUser implements steps.Databases.
func (s *Services) EnsureUser(_ context.Context, user, host, pass string) error {
	return s.ensure(fmt.Sprintf("mysql user %s@%s", user, host), pass)
}

// Grant implements steps.Databases.
func (s *Services) Grant(_ context.Context, db, user, host string) error {
	return s.ensure(fmt.Sprintf("grant %s to %s@%s", db, user, host), "")
}

// Rabbit returns the RabbitMQ side (its EnsureUser differs from MariaDB's).
func (s *Services) Rabbit() *Rabbit { return &Rabbit{s} }

// Identity returns the Keystone side.
func (s *Services) Identity() *Identity { return &Identity{s} }

// Rabbit implements steps.Rabbit.
type Rabbit struct{ s *Services }

// EnsureUser implements steps.Rabbit.
func (r *Rabbit) EnsureUser(_ context.Context, user, pass string) error {
	return r.s.ensure("rabbit user "+user, pass)
}

// SetPermissions implements steps.Rabbit.
func (r *Rabbit) SetPermissions(_ context.Context, vhost, user, c, w, rd string) error {
	return r.s.ensure("rabbit permissions "+vhost+" "+user, c+" "+w+" "+rd)
}

// Identity implements steps.Identity.
type Identity struct{ s *Services }

// EnsureProject implements steps.Identity.
func (i *Identity) EnsureProject(_ context.Context, name, desc string) error {
	return i.s.ensure("project "+name, desc)
}

// EnsureUser implements steps.Identity.
func (i *Identity) EnsureUser(_ context.Context, name, pass string) error {
	return i.s.ensure("user "+name, pass)
}

// EnsureRole implements steps.Identity.
func (i *Identity) EnsureRole(_ context.Context, name string) error {
	return i.s.ensure("role "+name, "")
}

// EnsureRoleAssignment implements steps.Identity.
func (i *Identity) EnsureRoleAssignment(_ context.Context, project, user, role string) error {
	return i.s.ensure(fmt.Sprintf("assignment %s %s %s", project, user, role), "")
}

// EnsureService implements steps.Identity.
func (i *Identity) EnsureService(_ context.Context, name, typ, desc string) error {
	return i.s.ensure("service "+typ, name+" "+desc)
}

// EnsureEndpoint implements steps.Identity.
func (i *Identity) EnsureEndpoint(_ context.Context, region, typ, iface, url string) error {
	return i.s.ensure(fmt.Sprintf("endpoint %s %s %s", region, typ, iface), url)
}

// Ready implements steps.Controller: it returns the queued errors first.
func (s *Services) Ready(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ReadyErrs) > 0 {
		err := s.ReadyErrs[0]
		s.ReadyErrs = s.ReadyErrs[1:]
		return err
	}
	return nil
}

// Check implements steps.Health.
func (s *Services) Check(context.Context, *site.Node) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.HealthChecks++
	return nil
}
