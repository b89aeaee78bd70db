package svctest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// rabbitBin is where Debian keeps RabbitMQ's real scripts: the ones in
// /usr/sbin switch to the rabbitmq user and drop the environment.
const rabbitBin = "/usr/lib/rabbitmq/bin"

// RabbitMQ is a running RabbitMQ node.
type RabbitMQ struct {
	// Port is the AMQP port on 127.0.0.1.
	Port int
	// Ctl is the rabbitmqctl program; run it with Env.
	Ctl string
	// Env points rabbitmqctl at this node (node name, Erlang cookie in
	// HOME, epmd port).
	Env      []string
	epmdPort int
	proc     *proc
}

// Addr is host:port of the AMQP listener.
func (r *RabbitMQ) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.Port) }

// RabbitMQShared returns the test package's RabbitMQ, starting it on first use.
func RabbitMQShared(t testing.TB) *RabbitMQ {
	t.Helper()
	fixture.Tool(t, "rabbitmq-server")
	return sharedInstance(t, "rabbitmq", func(dir string) (*RabbitMQ, func() error, error) {
		r, err := StartRabbitMQ(context.Background(), dir)
		if err != nil {
			return nil, nil, err
		}
		return r, r.Stop, nil
	})
}

// StartRabbitMQ starts a RabbitMQ node named after the process, with its
// database, logs, configuration and Erlang cookie under dir.
func StartRabbitMQ(ctx context.Context, dir string) (*RabbitMQ, error) {
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	r := &RabbitMQ{Port: ports[0], epmdPort: ports[2], Ctl: filepath.Join(rabbitBin, "rabbitmqctl")}
	if err := writeRabbitFiles(dir); err != nil {
		return nil, err
	}
	node := fmt.Sprintf("svctest%d-%s@localhost", os.Getpid(), filepath.Base(dir))
	r.Env = []string{
		"HOME=" + dir, "RABBITMQ_NODENAME=" + node, "ERL_EPMD_PORT=" + strconv.Itoa(r.epmdPort),
		"RABBITMQ_CONF_ENV_FILE=" + filepath.Join(dir, "rabbitmq-env.conf"),
		"RABBITMQ_ENABLED_PLUGINS_FILE=" + filepath.Join(dir, "enabled_plugins"),
	}
	env := append([]string{
		"RABBITMQ_NODE_IP_ADDRESS=127.0.0.1", "RABBITMQ_NODE_PORT=" + strconv.Itoa(r.Port),
		"RABBITMQ_DIST_PORT=" + strconv.Itoa(ports[1]),
		"RABBITMQ_MNESIA_BASE=" + filepath.Join(dir, "mnesia"), "RABBITMQ_LOG_BASE=" + filepath.Join(dir, "log"),
		"RABBITMQ_CONFIG_FILE=" + filepath.Join(dir, "rabbitmq.conf"),
		"RABBITMQ_ADVANCED_CONFIG_FILE=" + filepath.Join(dir, "advanced.config"),
		"RABBITMQ_PID_FILE=" + filepath.Join(dir, "rabbitmq.pid"), "RABBITMQ_LOGS=-",
	}, r.Env...)
	if r.proc, err = startProc(dir, "rabbitmq", env, filepath.Join(rabbitBin, "rabbitmq-server")); err != nil {
		return nil, err
	}
	if err := r.proc.waitReady(ctx, 90*time.Second, r.ping); err != nil {
		_ = r.Stop()
		return nil, err
	}
	return r, nil
}

func writeRabbitFiles(dir string) error {
	files := map[string]string{
		"rabbitmq-env.conf": "",
		"enabled_plugins":   "[].\n",
		"rabbitmq.conf":     "loopback_users = none\n",
		"advanced.config":   "[].\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}

// ping waits for the node to boot fully (the AMQP listener is up then).
func (r *RabbitMQ) ping(ctx context.Context) error {
	_, err := run(ctx, r.Env, r.Ctl, "await_startup", "--timeout", "5")
	return err
}

// Stop stops the node and its epmd.
func (r *RabbitMQ) Stop() error {
	err := r.proc.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = run(ctx, nil, "epmd", "-port", strconv.Itoa(r.epmdPort), "-kill")
	return err
}
