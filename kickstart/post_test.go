package kickstart_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

// fakeMedia lays out rockyiso's files as the ISO and the PXE tree hold
// them: the firstboot binary and one node bundle per host.
func fakeMedia(t *testing.T, hosts ...string) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, layouts.FirstbootBin), "#!fake firstboot\n")
	for _, h := range hosts {
		writeFile(t, filepath.Join(dir, layouts.NodesDir, h+".json"), `{"host":"`+h+`"}`+"\n")
	}
	return dir
}

// TestPostNochrootCopiesBundle runs the role kickstart's %post --nochroot
// against a fake media (a directory, or an HTTP server fetched with curl)
// and a fake /mnt/sysimage: the host %pre chose gets its own bundle.
func TestPostNochrootCopiesBundle(t *testing.T) {
	sh := fixture.Tool(t, "sh")
	s := preSite(t)
	dir := fakeMedia(t, "compute", "compute2")
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	web, err := kickstart.ParseMedia("http://192.0.2.1/media")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		media kickstart.Media
		root  string
		host  string
		ok    bool
	}{
		{"cdrom", kickstart.CDROM, dir, "compute2", true},
		{"oemdrv", kickstart.OEMDRV, dir, "compute", true},
		{"http", web, srv.URL, "compute2", true},
		{"cdrom, bundle missing", kickstart.CDROM, dir, "compute3", false},
		{"http, bundle missing", web, srv.URL, "compute3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.media.IsCDROM() {
				fixture.Tool(t, "curl")
			}
			ks := render(t, kickstart.Data{Site: s, Role: site.Compute, Media: tt.media, RootPasswordHash: fakeRootHash(t)})
			sysimage, out := t.TempDir(), t.TempDir()
			writeFile(t, filepath.Join(out, "rockyiso-host"), tt.host+"\n")
			cmd := exec.Command(sh, "-c", scriptBody(t, ks, "%post --nochroot"))
			cmd.Env = append(os.Environ(), "ROCKYISO_SYSIMAGE="+sysimage, "ROCKYISO_MEDIA_ROOT="+tt.root, "ROCKYISO_OUT="+out,
				"no_proxy=*", "NO_PROXY=*")
			outb, err := cmd.CombinedOutput()
			if !tt.ok {
				if err == nil {
					t.Errorf("%%post --nochroot succeeded without a bundle for %s", tt.host)
				}
				return
			}
			if err != nil {
				t.Fatalf("%%post --nochroot: %v\n%s", err, outb)
			}
			checkCopied(t, filepath.Join(sysimage, layouts.NodeBundle), `{"host":"`+tt.host+`"}`+"\n")
			checkCopied(t, filepath.Join(sysimage, layouts.NodeFirstboot), "#!fake firstboot\n")
		})
	}
}

// checkCopied checks a file %post --nochroot wrote: its content, and
// that no one but root can read it before the chroot %post sets modes.
func checkCopied(t *testing.T, path, want string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s has mode %04o: readable by others", path, fi.Mode().Perm())
	}
	if got := readFile(path); got != want {
		t.Errorf("%s = %q, want %q", path, got, want)
	}
}
