package kickstart_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

// applets are the commands the chroot %post runs, from busybox.
var applets = words("sh printf chown chmod mkdir ln sed touch cat grep [ test echo rm")

// newChroot makes a minimal root: busybox (and the libraries it links)
// under /bin, root in /etc/passwd, and what %post --nochroot and the
// CentOS release package leave behind.
func newChroot(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("chroot needs root; CI runs the tests as root")
		}
		t.Skip("SKIPPING: chroot needs root; test not run")
	}
	root := t.TempDir()
	bb := fixture.Tool(t, "busybox")
	copyInto(t, root, bb, filepath.Join(root, "bin/busybox"))
	for _, lib := range sharedLibs(t, bb) {
		copyInto(t, root, lib, filepath.Join(root, lib))
	}
	for _, a := range applets {
		if err := os.Symlink("busybox", filepath.Join(root, "bin", a)); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n")
	writeFile(t, filepath.Join(root, "etc/group"), "root:x:0:\n")
	writeFile(t, filepath.Join(root, layouts.NodeFirstboot), "#!fake firstboot\n")
	writeFile(t, filepath.Join(root, layouts.NodeBundle), "{}\n")
	writeFile(t, filepath.Join(root, "etc/yum.repos.d/CentOS-Base.repo"), centosBase)
	writeFile(t, filepath.Join(root, "etc/yum.repos.d/CentOS-Vault.repo"), "[C7.0.1406-base]\nname=v\nenabled=1\n\n[C7.0.1406-updates]\nenabled = 1\n")
	return root
}

// centosBase is the shape of CentOS 7's CentOS-Base.repo: sections with
// no enabled line (enabled by default) and one with enabled=0.
const centosBase = `# CentOS-Base.repo
#
# The mirror system uses the connecting IP address of the client...
#enabled=1 in a comment is not a setting

[base]
name=CentOS-$releasever - Base
mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra
gpgcheck=1

[updates]
name=CentOS-$releasever - Updates
gpgcheck=1

[centosplus]
name=CentOS-$releasever - Plus
gpgcheck=1
enabled=0
`

func copyInto(t *testing.T, root, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dst, string(b))
	if err := os.Chmod(dst, 0o755); err != nil {
		t.Fatal(err)
	}
}

// sharedLibs lists the libraries a dynamic program loads (none for a
// static one), from ldd.
func sharedLibs(t *testing.T, prog string) []string {
	t.Helper()
	out, err := exec.Command(fixture.Tool(t, "ldd"), prog).Output()
	if err != nil {
		return nil // "not a dynamic executable"
	}
	var libs []string
	for _, f := range strings.Fields(string(out)) {
		if strings.HasPrefix(f, "/") {
			libs = append(libs, f)
		}
	}
	return libs
}

// TestPostChroot runs the chroot %post of a kickstart in a real chroot, as
// Anaconda does, and checks what it leaves on the node.
func TestPostChroot(t *testing.T) {
	root := newChroot(t)
	s := loadSite(t, "esxi")
	ks := render(t, kickstart.Data{Site: s, Role: site.Compute, RootPasswordHash: fakeRootHash(t)})
	writeFile(t, filepath.Join(root, "post.sh"), scriptBody(t, ks, "%post --erroronfail"))
	cmd := exec.Command(fixture.Tool(t, "chroot"), root, "/bin/sh", "/post.sh")
	cmd.Env = []string{"PATH=/bin"}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chroot %%post: %v\n%s", err, out)
	}
	in := func(p string) string { return filepath.Join(root, p) }
	wantHosts := "127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n" +
		"::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n" +
		"172.20.103.234 Cm-cent1.esxi.local Cm-cent1 controller\n" +
		"172.20.103.235 Cm-cent2.esxi.local Cm-cent2\n" +
		"172.20.103.236 Cm-cent3.esxi.local Cm-cent3\n"
	if got := readFile(in("etc/hosts")); got != wantHosts {
		t.Errorf("/etc/hosts:\n%s\nwant:\n%s", got, wantHosts)
	}
	checkMode(t, in(layouts.NodeFirstboot), 0o755)
	checkMode(t, in(layouts.NodeBundle), 0o600)
	checkMode(t, filepath.Dir(in(layouts.NodeBundle)), 0o700)
	checkUnit(t, root)
	checkRepos(t, root)
	if _, err := os.Stat(in(".autorelabel")); err != nil {
		t.Errorf("no restorecon in the chroot, yet no /.autorelabel: %v", err)
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != want {
		t.Errorf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
	}
}

func checkUnit(t *testing.T, root string) {
	t.Helper()
	unit := readFile(filepath.Join(root, "etc/systemd/system", layouts.NodeUnit))
	for _, want := range []string{"\nExecStart=" + layouts.NodeFirstboot + " run\n", "\nType=oneshot\n",
		"\nAfter=network-online.target\n", "\nWantedBy=multi-user.target\n", "\nConditionPathExists=!/var/lib/rockyiso/firstboot.done\n"} {
		if !strings.Contains(unit, want) {
			t.Errorf("unit lacks %q:\n%s", want, unit)
		}
	}
	link := filepath.Join(root, "etc/systemd/system/multi-user.target.wants", layouts.NodeUnit)
	if dst, err := os.Readlink(link); err != nil || dst != "/etc/systemd/system/"+layouts.NodeUnit {
		t.Errorf("unit not enabled: %s -> %q (%v)", link, dst, err)
	}
}

// checkRepos: every section of every CentOS repo file is disabled, once;
// the rockyiso repo is the only one enabled.
func checkRepos(t *testing.T, root string) {
	t.Helper()
	for _, f := range []string{"CentOS-Base.repo", "CentOS-Vault.repo"} {
		enabled := repoEnabled(readFile(filepath.Join(root, "etc/yum.repos.d", f)))
		if len(enabled) == 0 {
			t.Errorf("%s: no section left", f)
		}
		for sec, vals := range enabled {
			if len(vals) != 1 || vals[0] != "enabled=0" {
				t.Errorf("%s [%s]: enabled lines %q, want just enabled=0", f, sec, vals)
			}
		}
	}
	repo := readFile(filepath.Join(root, "etc/yum.repos.d/rockyiso.repo"))
	for _, want := range []string{"\n[rockyiso]\n", "\nbaseurl=file:///media/rockyiso/repo\n", "\nenabled=1\n", "\nskip_if_unavailable=1\n"} {
		if !strings.Contains(repo, want) {
			t.Errorf("rockyiso.repo lacks %q:\n%s", want, repo)
		}
	}
}

// repoEnabled maps each section of a yum repo file to its enabled= lines.
func repoEnabled(text string) map[string][]string {
	m := map[string][]string{}
	sec := ""
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(l, "["):
			sec = strings.Trim(l, "[]")
			m[sec] = nil
		case sec != "" && strings.HasPrefix(strings.ReplaceAll(l, " ", ""), "enabled="):
			m[sec] = append(m[sec], l)
		}
	}
	return m
}
