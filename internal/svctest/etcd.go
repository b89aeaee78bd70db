package svctest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// Etcd is a running single-member etcd.
type Etcd struct {
	ClientPort, PeerPort int
	proc                 *proc
}

// ClientURL is the client endpoint, http://127.0.0.1:port.
func (e *Etcd) ClientURL() string { return "http://127.0.0.1:" + strconv.Itoa(e.ClientPort) }

// EtcdShared returns the test package's etcd, starting it on first use.
func EtcdShared(t testing.TB) *Etcd {
	t.Helper()
	fixture.Tool(t, "etcd")
	return sharedInstance(t, "etcd", func(dir string) (*Etcd, func() error, error) {
		e, err := StartEtcd(dir)
		if err != nil {
			return nil, nil, err
		}
		return e, e.Stop, nil
	})
}

// StartEtcd starts etcd with its data under dir, on free ports.
func StartEtcd(dir string) (*Etcd, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	e := &Etcd{ClientPort: ports[0], PeerPort: ports[1]}
	peer := "http://127.0.0.1:" + strconv.Itoa(e.PeerPort)
	e.proc, err = startProc(dir, "etcd", nil, "etcd", "--name", "svctest",
		"--data-dir", filepath.Join(dir, "data"),
		"--listen-client-urls", e.ClientURL(), "--advertise-client-urls", e.ClientURL(),
		"--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
		"--initial-cluster", "svctest="+peer, "--initial-cluster-token", "svctest",
		"--initial-cluster-state", "new")
	if err != nil {
		return nil, err
	}
	if err := e.proc.waitReady(context.Background(), 30*time.Second, e.Health); err != nil {
		_ = e.Stop()
		return nil, err
	}
	return e, nil
}

// Health checks etcd's /health endpoint.
func (e *Etcd) Health(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.ClientURL()+"/health", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("etcd health: %s: %s", resp.Status, b)
	}
	return nil
}

// Stop stops etcd.
func (e *Etcd) Stop() error { return e.proc.stop() }
