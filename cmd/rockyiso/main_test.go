package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

// run runs the CLI against buffers, as main would with os.Args.
func run(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errw bytes.Buffer
	err = newApp(&out, &errw).Run(append([]string{"rockyiso"}, args...))
	return out.String(), errw.String(), err
}

// walk calls f for every command and subcommand of the app.
func walk(cmds []*cli.Command, path string, f func(path string, c *cli.Command)) {
	for _, c := range cmds {
		p := strings.TrimSpace(path + " " + c.Name)
		f(p, c)
		walk(c.Subcommands, p, f)
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	app := newApp(nil, nil)
	walk(app.Commands, "", func(path string, c *cli.Command) {
		if c.Usage == "" || strings.Contains(c.Usage, "\n") {
			t.Errorf("%s: usage %q, want a one-line description", path, c.Usage)
		}
	})
	check := func(args []string, cmds []*cli.Command) {
		out, _, err := run(t, args...)
		if err != nil {
			t.Fatalf("rockyiso %v: %v", args, err)
		}
		for _, c := range cmds {
			if !strings.Contains(out, c.Name) || !strings.Contains(out, c.Usage) {
				t.Errorf("rockyiso %v does not list %s with %q:\n%s", args, c.Name, c.Usage, out)
			}
		}
	}
	check([]string{"--help"}, app.Commands)
	top, _, _ := run(t, "--help")
	walk(app.Commands, "", func(path string, _ *cli.Command) {
		if strings.Contains(path, " ") && !strings.Contains(top, path) {
			t.Errorf("rockyiso --help does not name %q", path)
		}
	})
	for _, c := range app.Commands {
		if len(c.Subcommands) > 0 {
			check([]string{c.Name, "--help"}, c.Subcommands)
		}
	}
}

// envName is the environment variable a flag must have: ROCKYISO_ and
// the flag's name in capitals with '-' as '_'.
func envName(flag string) string {
	return "ROCKYISO_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func TestEveryFlagHasEnvVar(t *testing.T) {
	app := newApp(nil, nil)
	check := func(where string, flags []cli.Flag) {
		for _, f := range flags {
			name := f.Names()[0]
			df, ok := f.(cli.DocGenerationFlag)
			if !ok {
				t.Errorf("%s --%s: cannot read its environment variables", where, name)
				continue
			}
			if got := df.GetEnvVars(); !slicesContain(got, envName(name)) {
				t.Errorf("%s --%s: environment variables %v, want %s", where, name, got, envName(name))
			}
		}
	}
	check("rockyiso", app.Flags)
	n := 0
	walk(app.Commands, "", func(path string, c *cli.Command) {
		check("rockyiso "+path, c.Flags)
		n += len(c.Flags)
	})
	if n == 0 {
		t.Fatal("no flags found: the walk is broken")
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// exampleSite copies an example site into a temporary directory, where
// its secrets file will be written.
func exampleSite(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSiteCheckPrintsSummary(t *testing.T) {
	for _, name := range []string{"lab-4node", "esxi-3node"} {
		t.Run(name, func(t *testing.T) {
			out, errOut, err := run(t, "site", "check", "--site", filepath.Join("..", "..", "examples", name+".yaml"))
			if err != nil || errOut != "" {
				t.Fatalf("site check: %v, stderr %q", err, errOut)
			}
			want, err := os.ReadFile(filepath.Join("..", "..", "site", "testdata", name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSiteCheckFromEnv(t *testing.T) {
	t.Setenv("ROCKYISO_SITE", filepath.Join("..", "..", "examples", "lab-4node.yaml"))
	out, _, err := run(t, "site", "check")
	if err != nil || !strings.HasPrefix(out, "site lab ") {
		t.Errorf("site check with ROCKYISO_SITE: %v, output %q", err, out)
	}
}

func TestSiteCheckReportsEveryProblem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	bad := "version: 2\nname: lab\ndomain: lab.local\nnetworks:\n  management: {cidr: 10.0.0.0/8, gateway: 10.0.0.1}\n" +
		"hosts:\n  - name: c\n    roles: [controller]\n    interfaces:\n      - {name: eth0, network: management, address: 10.0.0.5, mac: \"00:0C:29:8C:82\"}\n"
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(t, "site", "check", "--site", path)
	want := path + ":1:10: version: 2 is not supported; expected 1\n" +
		path + ":10:7: hosts[0].interfaces: no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents\n" +
		path + `:10:67: hosts[0].interfaces[0].mac: "00:0C:29:8C:82" is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C`
	if err == nil || err.Error() != want {
		t.Errorf("site check error:\n%v\nwant:\n%s", err, want)
	}
}

// TestNoSecretInOutput runs every command that reads a site or its
// secrets, and a few failing ones, and checks that no secret value ever
// reaches stdout, stderr or an error; the clear root password is shown
// once, on stderr, when it is created.
func TestNoSecretInOutput(t *testing.T) {
	path := exampleSite(t, "lab-4node")
	var all strings.Builder
	record := func(args ...string) (string, string) {
		out, errOut, err := run(t, args...)
		all.WriteString(out + errOut)
		if err != nil {
			all.WriteString(err.Error())
		}
		return out, errOut
	}
	out, errOut := record("secrets", "init", "--site", path)
	root := rootPassword(t, errOut)
	if strings.Contains(out, root) {
		t.Error("the root password went to stdout")
	}
	for _, args := range [][]string{
		{"secrets", "init", "--site", path},
		{"site", "check", "--site", path},
		{"--help"}, {"secrets", "init", "--help"}, {"version"},
		{"secrets", "init"}, {"site", "check", "--site", site.SecretsPath(path)},
		{"no-such-command"},
	} {
		record(args...)
	}
	if n := strings.Count(all.String(), root); n != 1 {
		t.Errorf("root password shown %d times, want once", n)
	}
	secrets, err := site.ReadSecrets(site.SecretsPath(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range site.SecretNames() {
		if v := secrets[k]; v == "" || strings.Contains(all.String(), v) {
			t.Errorf("%s is empty or appears in the output", k)
		}
	}
}

func rootPassword(t *testing.T, stderr string) string {
	t.Helper()
	const prefix = "root password (shown once, only its hash is kept): "
	if !strings.HasPrefix(stderr, prefix) {
		t.Fatalf("first secrets init stderr = %q, want the root password", stderr)
	}
	return strings.TrimSpace(strings.TrimPrefix(stderr, prefix))
}
