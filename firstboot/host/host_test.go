package host_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/internal/fixture"
)

func TestRootConfined(t *testing.T) {
	r := host.NewRoot("/tmp/root")
	for in, want := range map[string]string{
		"/etc/hosts":        "/tmp/root/etc/hosts",
		"etc/hosts":         "/tmp/root/etc/hosts",
		"/../../etc/passwd": "/tmp/root/etc/passwd",
		"/a/../../b":        "/tmp/root/b",
	} {
		if got := r.Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteFileRecordsOwner(t *testing.T) {
	r := host.NewRoot(t.TempDir())
	o := host.Owner{User: "root", Group: "keystone", Mode: 0o640}
	if err := r.WriteFile("/etc/keystone/keystone.conf", []byte("[DEFAULT]\n"), o); err != nil {
		t.Fatal(err)
	}
	got, err := r.Owner("/etc/keystone/keystone.conf")
	if err != nil || got != o {
		t.Fatalf("Owner = %v, %v; want %v", got, err, o)
	}
	fi, err := os.Stat(r.Path("/etc/keystone/keystone.conf"))
	if err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, %v", fi.Mode(), err)
	}
	if !r.Matches("/etc/keystone/keystone.conf", []byte("[DEFAULT]\n"), o) {
		t.Error("Matches is false for what was written")
	}
	if r.Matches("/etc/keystone/keystone.conf", []byte("[DEFAULT]\n"), host.Owner{User: "root", Group: "root", Mode: 0o640}) {
		t.Error("Matches ignores the group")
	}
	leftovers, _ := filepath.Glob(r.Path("/etc/keystone/.*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left: %q", leftovers)
	}
}

// TestWriteFileChown applies owners from the root's own passwd and group
// files; it needs root.
func TestWriteFileChown(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("SKIPPING: chown needs root; run the tests as root (CI does)")
	}
	r := host.NewRoot(t.TempDir())
	r.Chown = true
	must(t, os.MkdirAll(r.Path("/etc"), 0o755))
	must(t, os.WriteFile(r.Path(host.Passwd), []byte("root:x:0:0::/root:/bin/sh\nkeystone:x:163:163::/var/lib/keystone:/sbin/nologin\n"), 0o644))
	must(t, os.WriteFile(r.Path(host.Group), []byte("root:x:0:\nkeystone:x:163:\n"), 0o644))
	o := host.Owner{User: "keystone", Group: "keystone", Mode: 0o600}
	must(t, r.WriteFile("/etc/keystone/keystone.conf", []byte("x"), o))
	if got, err := r.Owner("/etc/keystone/keystone.conf"); err != nil || got != o {
		t.Errorf("Owner = %v, %v; want %v", got, err, o)
	}
	err := r.WriteFile("/etc/x", []byte("x"), host.Owner{User: "nobody", Group: "root", Mode: 0o600})
	if !errors.Is(err, host.ErrNoSuchName) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestSymlinkAbsolute(t *testing.T) {
	r := host.NewRoot(t.TempDir())
	for range 2 {
		must(t, r.Symlink("/etc/neutron/plugins/ml2/ml2_conf.ini", "/etc/neutron/plugin.ini"))
	}
	got, err := r.Readlink("/etc/neutron/plugin.ini")
	if err != nil || got != "/etc/neutron/plugins/ml2/ml2_conf.ini" {
		t.Errorf("Readlink = %q, %v", got, err)
	}
	must(t, r.Symlink("/elsewhere", "/etc/neutron/plugin.ini"))
	if got, _ := r.Readlink("/etc/neutron/plugin.ini"); got != "/elsewhere" {
		t.Errorf("link not replaced: %q", got)
	}
	if _, err := r.ReadFile("/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

func TestExecLogsAndRedacts(t *testing.T) {
	sh := fixture.Tool(t, "sh")
	var logs bytes.Buffer
	x := host.Exec{Log: slog.New(slog.NewTextHandler(&logs, nil))}
	c := host.Cmd{Name: sh, Args: []string{"-c", "echo s3cret-pw >&2; exit 3", "s3cret-pw"}, Redact: []string{"s3cret-pw"}}
	_, err := x.Run(context.Background(), c)
	if host.ExitCode(err) != 3 {
		t.Fatalf("exit code %d (%v), want 3", host.ExitCode(err), err)
	}
	var ee *host.ExitError
	if !errors.As(err, &ee) || !strings.Contains(ee.Stderr, host.Mask) {
		t.Errorf("error %v lacks the redacted stderr", err)
	}
	all := logs.String() + err.Error()
	if strings.Contains(all, "s3cret-pw") {
		t.Errorf("secret leaked:\n%s", all)
	}
	for _, w := range []string{"msg=started", "msg=failed", "code=3"} {
		if !strings.Contains(logs.String(), w) {
			t.Errorf("log lacks %q:\n%s", w, logs.String())
		}
	}
	out, err := x.Run(context.Background(), host.Cmd{Name: sh, Args: []string{"-c", "cat"}, Stdin: strings.NewReader("in")})
	if err != nil || string(out) != "in" || !strings.Contains(logs.String(), "msg=finished") {
		t.Errorf("stdin run: %q, %v", out, err)
	}
}

func TestRecorderFakesSystemdAndProbes(t *testing.T) {
	r := host.NewRecorder()
	ctx := context.Background()
	probe := host.Cmd{Name: host.VGS, Args: []string{"cinder-volumes"}, Probe: true}
	if _, err := r.Run(ctx, probe); host.ExitCode(err) != 1 {
		t.Errorf("probe before the act: %v", err)
	}
	must2(r.Run(ctx, host.Cmd{Name: host.VGCreate, Args: []string{"cinder-volumes", "/dev/sdb"}}))
	if _, err := r.Run(ctx, probe); err != nil {
		t.Errorf("probe after the act: %v", err)
	}
	active := host.Cmd{Name: host.Systemctl, Args: []string{"is-active", "--quiet", "etcd.service"}, Probe: true}
	if _, err := r.Run(ctx, active); host.ExitCode(err) == 0 {
		t.Error("unit active before start")
	}
	must2(r.Run(ctx, host.Cmd{Name: host.Systemctl, Args: []string{"start", "etcd.service"}}))
	if _, err := r.Run(ctx, active); err != nil {
		t.Errorf("unit not active after start: %v", err)
	}
	if n := len(r.Calls()); n != 6 {
		t.Errorf("%d calls recorded, want 6", n)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func must2(_ []byte, err error) {
	if err != nil {
		panic(err)
	}
}

// TestExecTimeoutKillsGroup: a command whose context ends is killed with
// its children.
func TestExecTimeoutKillsGroup(t *testing.T) {
	sh := fixture.Tool(t, "sh")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	_, err := host.Exec{}.Run(ctx, host.Cmd{Name: sh, Args: []string{"-c", "sleep 30 >/dev/null 2>&1 & echo $! > " + pidFile + "; wait"}})
	if err == nil {
		t.Fatal("a command past its deadline succeeded")
	}
	b, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatal(rerr)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	for range 50 {
		if !alive(pid) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("child %d survived its command's timeout", pid)
}

// alive reports whether pid runs (a zombie does not).
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	_, rest, _ := strings.Cut(string(b), ") ")
	return !strings.HasPrefix(rest, "Z")
}
