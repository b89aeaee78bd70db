package kickstart_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/kickstart"
)

func TestParseMedia(t *testing.T) {
	tests := []struct {
		in                      string
		cdrom                   bool
		repo, nodeRepo, bundles string
		err                     string
	}{
		{in: "cdrom", cdrom: true, repo: "file:///run/install/repo/rockyiso/repo",
			nodeRepo: "file:///media/rockyiso/repo", bundles: "/run/install/repo/rockyiso/nodes"},
		{in: "", cdrom: true, repo: "file:///run/install/repo/rockyiso/repo",
			nodeRepo: "file:///media/rockyiso/repo", bundles: "/run/install/repo/rockyiso/nodes"},
		{in: "oemdrv", cdrom: true, repo: "file:///run/install/oemdrv/rockyiso/repo",
			nodeRepo: "file:///media/rockyiso/repo", bundles: "/run/install/oemdrv/rockyiso/nodes"},
		{in: "http://10.0.0.1/lab/", repo: "http://10.0.0.1/lab/rockyiso/repo",
			nodeRepo: "http://10.0.0.1/lab/rockyiso/repo", bundles: "http://10.0.0.1/lab/rockyiso/nodes"},
		{in: "https://pxe.example:8443", repo: "https://pxe.example:8443/rockyiso/repo",
			nodeRepo: "https://pxe.example:8443/rockyiso/repo", bundles: "https://pxe.example:8443/rockyiso/nodes"},
		{in: "ftp://10.0.0.1/lab", err: "want cdrom, oemdrv or an http:// or https:// URL"},
		{in: "dvd", err: "want cdrom, oemdrv or an http:// or https:// URL"},
		{in: "http:///path", err: "want cdrom, oemdrv or an http:// or https:// URL"},
		{in: "http://10.0.0.1/a b", err: "no query, user or spaces"},
		{in: "http://10.0.0.1/a?x=1", err: "no query, user or spaces"},
		{in: "http://u:p@10.0.0.1/a", err: "no query, user or spaces"},
		{in: "http://10.0.0.1/it's", err: "no query, user or spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, err := kickstart.ParseMedia(tt.in)
			if tt.err != "" {
				if !errors.Is(err, kickstart.ErrMedia) || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseMedia(%q) error %v, want ErrMedia saying %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{m.RepoURL(), m.NodeRepoURL(), m.Source("rockyiso/nodes")}
			want := []string{tt.repo, tt.nodeRepo, tt.bundles}
			if m.IsCDROM() != tt.cdrom || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("ParseMedia(%q) = cdrom %v %v, want %v %v", tt.in, m.IsCDROM(), got, tt.cdrom, want)
			}
		})
	}
}

// FuzzParseMedia checks that whatever ParseMedia accepts can stand on a
// kickstart line and parses back to itself.
func FuzzParseMedia(f *testing.F) {
	for _, s := range []string{"cdrom", "oemdrv", "", "http://10.0.0.1/lab/", "https://h:1/x", "ftp://x", "http://a b", "http://x/%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := kickstart.ParseMedia(s)
		if err != nil {
			return
		}
		if strings.ContainsAny(m.URL, " \t\n'\"#\\") {
			t.Fatalf("ParseMedia(%q) accepted %q, unsafe on a kickstart line", s, m.URL)
		}
		again, err := kickstart.ParseMedia(m.String())
		if err != nil || again != m {
			t.Fatalf("ParseMedia(%q) = %v, which parses back as %v, %v", s, m, again, err)
		}
	})
}
