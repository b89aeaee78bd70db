// Package wait lets a node other than the controller wait until the
// controller is ready, as the issue's bootstrap order requires: Keystone
// issues a token to the node's service user, RabbitMQ accepts the
// openstack user (an AMQP 0-9-1 handshake), and the Placement and Nova
// APIs answer. Each check is retried with exponential backoff, and a
// status callback says what the node waits for and the last error.
package wait

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/rockyiso/rockyiso/firstboot/identity"
)

// Check is one thing to wait for.
type Check struct {
	// Name completes "waiting for ...", e.g. "keystone token".
	Name  string
	Probe func(ctx context.Context) error
}

// Options tunes For.
type Options struct {
	// Initial and Max bound the delay between tries (1s and 30s by default).
	Initial, Max time.Duration
	// Status, when set, receives "waiting for <name>: <last error>" after
	// each failed try.
	Status func(string)
	// Redact lists secrets to hide from status lines and errors.
	Redact []string
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Initial <= 0 {
		o.Initial = time.Second
	}
	if o.Max < o.Initial {
		o.Max = max(30*time.Second, o.Initial)
	}
	if o.Status == nil {
		o.Status = func(string) {}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// For waits for each check in turn until it passes, or ctx ends; then it
// returns the context's error with the last failure.
func For(ctx context.Context, checks []Check, o Options) error {
	o = o.withDefaults()
	for _, c := range checks {
		if err := one(ctx, c, o); err != nil {
			return err
		}
	}
	return nil
}

func one(ctx context.Context, c Check, o Options) error {
	delay := o.Initial
	for try := 1; ; try++ {
		err := c.Probe(ctx)
		if err == nil {
			o.Logger.Info("ready", "check", c.Name, "tries", try)
			return nil
		}
		msg := redact(fmt.Sprintf("waiting for %s: %v", c.Name, err), o.Redact)
		o.Status(msg)
		o.Logger.Info(msg, "try", try, "next", delay)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", msg, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, o.Max)
	}
}

func redact(s string, secrets []string) string {
	for _, v := range secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "******")
		}
	}
	return s
}

// KeystoneToken checks that Keystone at authURL issues a token to the
// user, scoped to its project.
func KeystoneToken(hc *http.Client, authURL string, a identity.PasswordAuth) Check {
	return Check{Name: "keystone token", Probe: func(ctx context.Context) error {
		ok, err := identity.IssueToken(ctx, hc, authURL, a)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("keystone refused the credentials of %s", a.Name)
		}
		return nil
	}}
}

// RabbitMQ checks that the broker at addr (host:port) accepts user and
// password: it opens an AMQP connection and closes it.
func RabbitMQ(addr, user, password string) Check {
	return Check{Name: "rabbitmq login of " + user, Probe: func(ctx context.Context) error {
		u := amqp.URI{Scheme: "amqp", Host: hostOf(addr), Port: portOf(addr), Username: user, Password: password, Vhost: "/"}
		d := &deadlineDialer{ctx: ctx}
		conn, err := amqp.DialConfig(u.String(), amqp.Config{Dial: d.dial, Heartbeat: 10 * time.Second})
		if err != nil {
			return err
		}
		return conn.Close()
	}}
}

// API checks that an HTTP API answers at url with anything but a 5xx
// (OpenStack APIs answer their root with a version document).
func API(name string, hc *http.Client, url string) Check {
	return Check{Name: name + " API at " + url, Probe: func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer func() { _ = resp.Body.Close() }()
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		if resp.StatusCode >= 500 {
			return fmt.Errorf("%s answered %s", url, resp.Status)
		}
		return nil
	}}
}
