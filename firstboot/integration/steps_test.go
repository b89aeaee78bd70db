package integration_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/db"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/firstboot/internal/fakesvc"
	"github.com/rockyiso/rockyiso/firstboot/rabbit"
	"github.com/rockyiso/rockyiso/firstboot/steps"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

// TestEngineSteps runs firstboot's controller steps, in the guide's order,
// with the real MariaDB, RabbitMQ and Keystone clients against the real
// services (host commands and files on a recording runner and a temporary
// root); then, with the journal gone so that every step runs again, it
// shows the services unchanged, and checks the whole guide is there.
func TestEngineSteps(t *testing.T) {
	m, r, k := svctest.MariaDBShared(t), svctest.RabbitMQShared(t), svctest.KeystoneShared(t)
	e := env{Socket: m.Socket, RabbitCtl: r.Ctl, RabbitEnv: r.Env, KeystoneURL: k.URL, AdminPassword: k.AdminPassword}
	ctx := context.Background()
	s, err := site.Load(filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := site.NewNode(s, s.ControllerName(), secrets(e.AdminPassword))
	if err != nil {
		t.Fatal(err)
	}
	root := host.NewRoot(t.TempDir())
	run := func() (dbc *db.Client, rc *rabbit.Client, ic *identity.Client) {
		dbc, err := db.Open(ctx, db.Config{Addr: e.Socket, Password: n.Secrets[site.MariaDBRootPass], TryEmptyPassword: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = dbc.Close() })
		rc = rabbit.New(rabbit.Config{Runner: host.Exec{}, Ctl: e.RabbitCtl, Env: e.RabbitEnv})
		if ic, err = identity.New(ctx, identity.Config{AuthURL: e.KeystoneURL, Password: e.AdminPassword}); err != nil {
			t.Fatal(err)
		}
		fake := fakesvc.New()
		eng := &firstboot.Engine{Node: n, Root: root, Runner: host.NewRecorder(), Facts: &steps.Facts{},
			Clock: &host.FakeClock{T: time.Unix(0, 0)}, DB: dbc, Rabbit: rc, Identity: ic, Wait: fake, Health: fake}
		if err := eng.Run(ctx); err != nil {
			t.Fatal(err)
		}
		return dbc, rc, ic
	}
	run()
	if err := os.Remove(root.Path(layouts.NodeState)); err != nil {
		t.Fatal(err)
	}
	dbc, rc, ic := run()
	if dbc.Changes()+rc.Changes()+ic.Changes() != 0 {
		t.Errorf("second run changed %d in MariaDB, %d in RabbitMQ, %d in Keystone; want none",
			dbc.Changes(), rc.Changes(), ic.Changes())
	}
	checkAll(t, e, m, k)
}
