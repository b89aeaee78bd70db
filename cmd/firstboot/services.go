package main

import (
	"context"
	"errors"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/site"
)

// errNotWired is returned by a service whose package has not landed yet.
var errNotWired = errors.New("firstboot: this service client is not wired in yet")

// wire gives the engine its MariaDB, RabbitMQ, Keystone, readiness and
// health clients.
func wire(e *firstboot.Engine) {
	u := unwired{}
	e.DB, e.Rabbit, e.Identity, e.Wait, e.Health = u, unwiredRabbit{}, unwiredIdentity{}, u, u
}

type unwired struct{}

func (unwired) Secure(context.Context, string) error         { return errNotWired }
func (unwired) EnsureDatabase(context.Context, string) error { return errNotWired }
func (unwired) EnsureUser(context.Context, string, string, string) error {
	return errNotWired
}
func (unwired) Grant(context.Context, string, string, string) error {
	return errNotWired
}
func (unwired) Ready(context.Context) error             { return errNotWired }
func (unwired) Check(context.Context, *site.Node) error { return errNotWired }

type unwiredRabbit struct{}

func (unwiredRabbit) EnsureUser(context.Context, string, string) error {
	return errNotWired
}
func (unwiredRabbit) EnsurePermission(context.Context, steps.RabbitPermission) error {
	return errNotWired
}

type unwiredIdentity struct{}

func (unwiredIdentity) Apply(context.Context, steps.IdentityState) error { return errNotWired }
