// Package svctest starts real services from Debian's packages (MariaDB,
// RabbitMQ, memcached, etcd, Keystone under uwsgi) on 127.0.0.1, in
// temporary directories, without systemd, for integration tests.
//
// Each service listens on free ports and keeps every file (data, logs,
// sockets, keys, cookies) under its own directory, so tests never touch
// the machine's own instances or /etc. A test package shares one instance
// of each service: call Main from TestMain, then MariaDB(t), RabbitMQ(t)…
// start the service on first use and Main stops them all at the end.
//
// When a service's program is not installed, the test is skipped loudly
// (and fails in CI, see internal/fixture.Tool).
package svctest

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"
)

// shared holds the package-wide instances started by the accessors.
var shared = struct {
	sync.Mutex
	main      bool
	dir       string
	instances map[string]*instance
	stops     []func() error
}{instances: map[string]*instance{}}

type instance struct {
	val any
	err error
}

// Main runs the tests of a package and then stops every shared service
// they started. Use it as os.Exit(svctest.Main(m)) in TestMain.
func Main(m *testing.M) int {
	shared.Lock()
	shared.main = true
	shared.Unlock()
	code := m.Run()
	if err := stopAll(); err != nil {
		fmt.Fprintln(os.Stderr, "svctest: stopping services:", err)
	}
	return code
}

func stopAll() error {
	shared.Lock()
	defer shared.Unlock()
	var errs []error
	for i := len(shared.stops) - 1; i >= 0; i-- {
		errs = append(errs, shared.stops[i]())
	}
	shared.stops = nil
	if shared.dir != "" {
		errs = append(errs, os.RemoveAll(shared.dir))
		shared.dir = ""
	}
	return errors.Join(errs...)
}

// sharedInstance returns the instance named name, starting it once with
// start. A failed start fails every test that asks for it.
func sharedInstance[T any](t testing.TB, name string, start func(dir string) (T, func() error, error)) T {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if !shared.main {
		t.Fatal("svctest: call os.Exit(svctest.Main(m)) from TestMain to use shared services")
	}
	if in, ok := shared.instances[name]; ok {
		if in.err != nil {
			t.Fatalf("svctest: %s failed to start earlier: %v", name, in.err)
		}
		return in.val.(T)
	}
	dir, err := sharedDir(name)
	if err != nil {
		t.Fatalf("svctest: %v", err)
	}
	v, stop, err := start(dir)
	shared.instances[name] = &instance{val: v, err: err}
	if err != nil {
		t.Fatalf("svctest: starting %s: %v", name, err)
	}
	shared.stops = append(shared.stops, stop)
	return v
}

func sharedDir(name string) (string, error) {
	if shared.dir == "" {
		d, err := os.MkdirTemp("", "svctest-")
		if err != nil {
			return "", fmt.Errorf("creating the services directory: %w", err)
		}
		shared.dir = d
	}
	d, err := os.MkdirTemp(shared.dir, name+"-")
	if err != nil {
		return "", fmt.Errorf("creating %s's directory: %w", name, err)
	}
	return d, nil
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port: %w", err)
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func freePorts(n int) ([]int, error) {
	// Hold every listener until all are chosen so the ports differ.
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	ports := make([]int, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("finding a free port: %w", err)
		}
		ls = append(ls, l)
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return ports, nil
}
