package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
)

// Config says how to reach Keystone and as whom.
type Config struct {
	// AuthURL is the Identity v3 endpoint, e.g. http://controller:5000/v3.
	AuthURL string
	// Username and Password of an admin; Project and Domain scope its
	// token ("admin" and DefaultDomain by default).
	Username, Password, Project, Domain string
	// HTTPClient is used for every request; nil makes one that keeps
	// connections alive.
	HTTPClient *http.Client
	Logger     *slog.Logger
}

// Client is an authenticated Identity v3 client.
type Client struct {
	sc       *gophercloud.ServiceClient
	http     *http.Client
	authURL  string
	log      *slog.Logger
	requests atomic.Int64
	changes  atomic.Int64
}

// New authenticates to Keystone once; the token is reused (and renewed
// when it expires) for every later call.
func New(ctx context.Context, cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	c := &Client{authURL: strings.TrimRight(cfg.AuthURL, "/"), log: cfg.Logger}
	c.http = &http.Client{Timeout: cfg.HTTPClient.Timeout, Transport: counter{base: transport(cfg.HTTPClient), n: &c.requests}}
	pc, err := openstack.NewClient(c.authURL)
	if err != nil {
		return nil, fmt.Errorf("connecting to Keystone at %s: %w", cfg.AuthURL, err)
	}
	pc.HTTPClient = *c.http
	opts := gophercloud.AuthOptions{IdentityEndpoint: c.authURL, Username: cfg.Username, Password: cfg.Password,
		DomainName: cfg.Domain, AllowReauth: true,
		Scope: &gophercloud.AuthScope{ProjectName: cfg.Project, DomainName: cfg.Domain}}
	if err := openstack.Authenticate(ctx, pc, opts); err != nil {
		return nil, fmt.Errorf("authenticating to Keystone at %s as %s: %w", cfg.AuthURL, cfg.Username, err)
	}
	if c.sc, err = openstack.NewIdentityV3(pc, gophercloud.EndpointOpts{}); err != nil {
		return nil, fmt.Errorf("connecting to Keystone at %s: %w", cfg.AuthURL, err)
	}
	return c, nil
}

func (cfg Config) withDefaults() Config {
	if cfg.Username == "" {
		cfg.Username = "admin"
	}
	if cfg.Project == "" {
		cfg.Project = "admin"
	}
	if cfg.Domain == "" {
		cfg.Domain = DefaultDomain
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return cfg
}

func transport(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = parallelism
	t.MaxConnsPerHost = parallelism
	return t
}

// counter counts the HTTP requests made.
type counter struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (c counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// Requests is the number of HTTP requests made so far.
func (c *Client) Requests() int { return int(c.requests.Load()) }

// Changes is the number of objects created or updated so far.
func (c *Client) Changes() int { return int(c.changes.Load()) }

// CheckPassword reports whether Keystone issues a token to the user
// (by ID) with password; an error means Keystone could not answer.
func (c *Client) CheckPassword(ctx context.Context, userID, password string) (bool, error) {
	return IssueToken(ctx, c.http, c.authURL, PasswordAuth{UserID: userID, Password: password})
}

// PasswordAuth names a user by ID, or by Name and Domain (a name), and
// optionally scopes the token to Project (in Domain).
type PasswordAuth struct {
	UserID, Name, Domain, Password, Project string
}

// IssueToken asks Keystone at authURL for a token: true when it issues
// one, false when it refuses the credentials (401), an error otherwise.
func IssueToken(ctx context.Context, hc *http.Client, authURL string, a PasswordAuth) (bool, error) {
	body, err := json.Marshal(a.request())
	if err != nil {
		return false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(authURL, "/")+"/auth/tokens", bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("issuing a token: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return false, fmt.Errorf("issuing a token: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body) // drain so the connection is reused
	switch resp.StatusCode {
	case http.StatusCreated:
		return true, nil
	case http.StatusUnauthorized:
		return false, nil
	default:
		return false, fmt.Errorf("issuing a token: Keystone answered %s", resp.Status)
	}
}

type obj = map[string]any

func (a PasswordAuth) request() obj {
	user := obj{"password": a.Password}
	if a.UserID != "" {
		user["id"] = a.UserID
	} else {
		user["name"], user["domain"] = a.Name, obj{"name": a.Domain}
	}
	auth := obj{"identity": obj{"methods": []string{"password"}, "password": obj{"user": user}}}
	if a.Project != "" {
		auth["scope"] = obj{"project": obj{"name": a.Project, "domain": obj{"name": a.Domain}}}
	}
	return obj{"auth": auth}
}
