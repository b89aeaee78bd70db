package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/firstboot/health"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/firstboot/wait"
	"github.com/rockyiso/rockyiso/site"
)

// wire gives the engine its MariaDB, RabbitMQ, Keystone, readiness and
// health clients. The MariaDB and Keystone ones connect on first use,
// once their step has started the service.
func wire(e *firstboot.Engine, log *slog.Logger) {
	n := e.Node
	e.DB = &lazyDB{cfg: db.Config{Password: n.Secrets[site.MariaDBRootPass], TryEmptyPassword: true, Logger: log}}
	e.Rabbit = rabbit.New(rabbit.Config{Runner: e.Runner, Ctl: host.Rabbitmqctl, Logger: log})
	e.Identity = &lazyIdentity{cfg: identity.Config{
		AuthURL: "http://" + n.Site.ControllerName() + ":5000/v3", Password: n.Secrets[site.AdminPass], Logger: log}}
	e.Wait = controllerWait{node: n, log: log}
	e.Health = health.Checker{}
}

// lazyDB opens the MariaDB client on its first call.
type lazyDB struct {
	cfg db.Config
	mu  sync.Mutex
	c   *db.Client
}

func (l *lazyDB) client(ctx context.Context) (*db.Client, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.c != nil {
		return l.c, nil
	}
	c, err := db.Open(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	l.c = c
	return c, nil
}

func (l *lazyDB) Secure(ctx context.Context, pw string) error {
	c, err := l.client(ctx)
	if err != nil {
		return err
	}
	return c.Secure(ctx, pw)
}

func (l *lazyDB) EnsureDatabase(ctx context.Context, name string) error {
	c, err := l.client(ctx)
	if err != nil {
		return err
	}
	return c.EnsureDatabase(ctx, name)
}

func (l *lazyDB) EnsureUser(ctx context.Context, user, h, pw string) error {
	c, err := l.client(ctx)
	if err != nil {
		return err
	}
	return c.EnsureUser(ctx, user, h, pw)
}

func (l *lazyDB) Grant(ctx context.Context, name, user, h string) error {
	c, err := l.client(ctx)
	if err != nil {
		return err
	}
	return c.Grant(ctx, name, user, h)
}

// lazyIdentity authenticates to Keystone on its first call.
type lazyIdentity struct {
	cfg identity.Config
	mu  sync.Mutex
	c   *identity.Client
}

func (l *lazyIdentity) Apply(ctx context.Context, st steps.IdentityState) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.c == nil {
		c, err := identity.New(ctx, l.cfg)
		if err != nil {
			return err
		}
		l.c = c
	}
	return l.c.Apply(ctx, st)
}

// controllerWait waits for what the node needs of the controller.
type controllerWait struct {
	node *site.Node
	log  *slog.Logger
}

func (w controllerWait) Ready(ctx context.Context, status func(string)) error {
	hc := &http.Client{Timeout: 30 * time.Second}
	checks, redact, err := wait.ControllerChecks(w.node.Site, w.node.Self(), w.node.Secrets, hc)
	if err != nil {
		return err
	}
	return wait.For(ctx, checks, wait.Options{Redact: redact, Logger: w.log, Status: status})
}

// The clients implement what the steps need.
var (
	_ steps.Databases  = (*db.Client)(nil)
	_ steps.Databases  = (*lazyDB)(nil)
	_ steps.Rabbit     = (*rabbit.Client)(nil)
	_ steps.Identity   = (*identity.Client)(nil)
	_ steps.Identity   = (*lazyIdentity)(nil)
	_ steps.Controller = controllerWait{}
	_ steps.Health     = health.Checker{}
)
