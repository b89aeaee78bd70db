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

	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/site"
)

// Services implements steps.Databases, steps.Rabbit, steps.Identity,
// steps.Controller and steps.Health at once.
type Services struct {
	// ReadyErrs are returned by the first calls to Ready, one each.
	ReadyErrs []error
	// ReadyStatus are reported by the next call to Ready, as a waiter
	// reports each failed try; OnStatus sees each after it was reported.
	ReadyStatus []string
	OnStatus    func(string)
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

// EnsurePermission implements steps.Rabbit.
func (r *Rabbit) EnsurePermission(_ context.Context, p steps.RabbitPermission) error {
	return r.s.ensure("rabbit permissions "+p.VHost+" "+p.User, p.Configure+" "+p.Write+" "+p.Read)
}

// Identity implements steps.Identity.
type Identity struct{ s *Services }

// Apply implements steps.Identity: each object is get-or-create, and a
// user's password is reconciled.
func (i *Identity) Apply(_ context.Context, st steps.IdentityState) error {
	var objs [][2]string
	for _, r := range st.Regions {
		objs = append(objs, [2]string{"region " + r, ""})
	}
	for _, d := range st.Domains {
		objs = append(objs, [2]string{"domain " + d.Name, d.Description})
	}
	for _, p := range st.Projects {
		objs = append(objs, [2]string{"project " + p.Domain + "/" + p.Name, p.Description})
	}
	for _, r := range st.Roles {
		objs = append(objs, [2]string{"role " + r, ""})
	}
	for _, u := range st.Users {
		objs = append(objs, [2]string{"user " + u.Domain + "/" + u.Name, u.Password})
	}
	for _, a := range st.Assignments {
		objs = append(objs, [2]string{fmt.Sprintf("assignment %s %s %s", a.Project, a.User, a.Role), ""})
	}
	for _, sv := range st.Services {
		objs = append(objs, [2]string{"service " + sv.Type, sv.Name + " " + sv.Description})
	}
	for _, e := range st.Endpoints {
		objs = append(objs, [2]string{fmt.Sprintf("endpoint %s %s %s", e.Region, e.Service, e.Interface), e.URL})
	}
	for _, o := range objs {
		if err := i.s.ensure(o[0], o[1]); err != nil {
			return err
		}
	}
	return nil
}

// Ready implements steps.Controller: it reports each of ReadyStatus
// through status, then returns the queued errors first.
func (s *Services) Ready(_ context.Context, status func(string)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.ReadyStatus {
		if status != nil {
			status(m)
		}
		if s.OnStatus != nil {
			s.OnStatus(m)
		}
	}
	s.ReadyStatus = nil
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
