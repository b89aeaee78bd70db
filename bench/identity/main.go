// Command identity measures the identity bootstrap of the whole reference
// guide two ways against the same Keystone build (Debian's, served by
// uwsgi, on a throwaway MariaDB): firstboot's identity.Apply, and the
// guide's `openstack ... create` commands run one by one with Debian's
// python3-openstackclient. Each side gets its own freshly bootstrapped
// Keystone; the script bench/identity.sh runs it and prints the ratio.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/internal/svctest"
	"github.com/rockyiso/rockyiso/site"
)

func main() {
	sitePath := flag.String("site", "examples/lab-4node.yaml", "site file")
	verbose := flag.Bool("v", false, "log each identity change with its time")
	flag.Parse()
	if *verbose {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if err := run(context.Background(), *sitePath); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// logger receives identity.Apply's log (-v).
var logger = slog.New(slog.DiscardHandler)

func run(ctx context.Context, sitePath string) error {
	s, err := site.Load(sitePath)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "bench-identity-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	m, err := svctest.StartMariaDB(ctx, filepath.Join(dir, mkdir(dir, "mariadb")), svctest.MariaDBOptions{})
	if err != nil {
		return err
	}
	defer func() { _ = m.Stop() }()
	goTime, calls, err := timeGo(ctx, dir, m, s)
	if err != nil {
		return err
	}
	cliTime, n, err := timeCLI(ctx, dir, m, s)
	if err != nil {
		return err
	}
	fmt.Printf("firstboot identity.Apply: %8.2fs  (%d HTTP requests)\n", goTime.Seconds(), calls)
	fmt.Printf("openstack CLI:            %8.2fs  (%d commands)\n", cliTime.Seconds(), n)
	fmt.Printf("ratio Apply/CLI:          %8.3f  (target <= 0.100)\n", goTime.Seconds()/cliTime.Seconds())
	return nil
}

func mkdir(dir, name string) string {
	_ = os.MkdirAll(filepath.Join(dir, name), 0o700)
	return name
}

// keystone starts a fresh Keystone and warms every worker up with
// admin tokens, so that neither side pays the workers' first requests.
func keystone(ctx context.Context, dir, name string, m *svctest.MariaDB) (*svctest.Keystone, error) {
	k, err := svctest.StartKeystone(ctx, filepath.Join(dir, mkdir(dir, name)), m, svctest.KeystoneOptions{})
	if err != nil {
		return nil, err
	}
	errs := make(chan error, 12)
	for range cap(errs) {
		go func() {
			_, err := k.Token(ctx, "admin", k.AdminPassword, "admin")
			errs <- err
		}()
	}
	for range cap(errs) {
		if e := <-errs; e != nil {
			err = e
		}
	}
	if err != nil {
		_ = k.Stop()
		return nil, fmt.Errorf("warming Keystone up: %w", err)
	}
	return k, nil
}

func secrets(admin string) site.Secrets {
	sec := site.Secrets{}
	for _, k := range site.SecretNames() {
		sec[k] = "bench-" + k
	}
	sec[site.AdminPass] = admin
	return sec
}

// timeGo times New (one authentication) and Apply on a fresh Keystone.
func timeGo(ctx context.Context, dir string, m *svctest.MariaDB, s *site.Site) (time.Duration, int, error) {
	k, err := keystone(ctx, dir, "keystone-go", m)
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = k.Stop() }()
	st, err := identity.Build(s, secrets(k.AdminPassword))
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	c, err := identity.New(ctx, identity.Config{AuthURL: k.URL, Password: k.AdminPassword, Logger: logger})
	if err == nil {
		err = c.Apply(ctx, st)
	}
	if err != nil {
		return 0, 0, err
	}
	return time.Since(start), c.Requests(), nil
}

// timeCLI runs, on a fresh Keystone, the `openstack` commands the guide
// runs after keystone-manage bootstrap (which made the region, the
// Default domain, the admin project, user and roles, and the identity
// service and endpoints).
func timeCLI(ctx context.Context, dir string, m *svctest.MariaDB, s *site.Site) (time.Duration, int, error) {
	k, err := keystone(ctx, dir, "keystone-cli", m)
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = k.Stop() }()
	st, err := identity.Build(s, secrets(k.AdminPassword))
	if err != nil {
		return 0, 0, err
	}
	cmds := commands(st)
	env := append(os.Environ(), "OS_AUTH_URL="+k.URL, "OS_USERNAME=admin", "OS_PASSWORD="+k.AdminPassword,
		"OS_PROJECT_NAME=admin", "OS_USER_DOMAIN_NAME=Default", "OS_PROJECT_DOMAIN_NAME=Default",
		"OS_IDENTITY_API_VERSION=3")
	start := time.Now()
	for _, args := range cmds {
		cmd := exec.CommandContext(ctx, "openstack", args...) //nolint:gosec // the guide's commands, built from the State
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return 0, 0, fmt.Errorf("openstack %s: %w: %s", args[:2], err, out)
		}
	}
	return time.Since(start), len(cmds), nil
}

// bootstrapped are what keystone-manage bootstrap already made.
var bootstrapped = []string{"admin", "member", "reader", "identity", "Default", "RegionOne"}

func commands(st identity.State) [][]string {
	var cmds [][]string
	add := func(a ...string) { cmds = append(cmds, a) }
	for _, d := range st.Domains {
		if !slices.Contains(bootstrapped, d.Name) {
			add("domain", "create", "--description", d.Description, d.Name)
		}
	}
	for _, p := range st.Projects {
		if p.Name != "admin" {
			add("project", "create", "--domain", "default", "--description", p.Description, p.Name)
		}
	}
	for _, r := range st.Roles {
		if !slices.Contains(bootstrapped, r) {
			add("role", "create", r)
		}
	}
	for _, u := range st.Users {
		if u.Name != "admin" {
			add("user", "create", "--domain", "default", "--password", u.Password, u.Name)
		}
	}
	for _, a := range st.Assignments {
		if a.User != "admin" {
			add("role", "add", "--project", a.Project, "--user", a.User, a.Role)
		}
	}
	for _, sv := range st.Services {
		if sv.Type != "identity" {
			add("service", "create", "--name", sv.Name, "--description", sv.Description, sv.Type)
		}
	}
	for _, e := range st.Endpoints {
		if e.Service != "identity" {
			add("endpoint", "create", "--region", e.Region, e.Service, e.Interface, e.URL)
		}
	}
	return cmds
}
