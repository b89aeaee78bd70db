package svctest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// Memcached is a running memcached.
type Memcached struct {
	Port int
	proc *proc
}

// Addr is host:port on 127.0.0.1.
func (m *Memcached) Addr() string { return "127.0.0.1:" + strconv.Itoa(m.Port) }

// MemcachedShared returns the test package's memcached, starting it on first use.
func MemcachedShared(t testing.TB) *Memcached {
	t.Helper()
	fixture.Tool(t, "memcached")
	return sharedInstance(t, "memcached", func(dir string) (*Memcached, func() error, error) {
		m, err := StartMemcached(dir)
		if err != nil {
			return nil, nil, err
		}
		return m, m.Stop, nil
	})
}

// StartMemcached starts memcached on a free port of 127.0.0.1.
func StartMemcached(dir string) (*Memcached, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	argv := []string{"memcached", "-l", "127.0.0.1", "-p", strconv.Itoa(port), "-U", "0", "-m", "16"}
	if os.Geteuid() == 0 {
		argv = append(argv, "-u", "root")
	}
	m := &Memcached{Port: port}
	if m.proc, err = startProc(dir, "memcached", nil, argv...); err != nil {
		return nil, err
	}
	if err := m.proc.waitReady(context.Background(), 20*time.Second, m.Version); err != nil {
		_ = m.Stop()
		return nil, err
	}
	return m, nil
}

// Version asks memcached for its version, a readiness probe.
func (m *Memcached) Version(ctx context.Context) error {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", m.Addr())
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("version\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "VERSION ") {
		return fmt.Errorf("memcached answered %q to version", line)
	}
	return nil
}

// Stop stops memcached.
func (m *Memcached) Stop() error { return m.proc.stop() }
