package sig_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/keys"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// fixtureVerdicts is what each real EL7 fixture package verifies to against
// the two pinned keys: "ok <short key ID> <kind>", "nokey <short key ID>"
// or "unsigned". rpmkeys -K agrees (TestFixturesAgreeWithRpm).
var fixtureVerdicts = map[string]string{
	"OpenIPMI-modalias-2.0.19-11.el7.x86_64.rpm":                  "ok f4a80eb5 V3 RSA/SHA256",
	"epel-release-7-5.noarch.rpm":                                 "ok f4a80eb5 V3 RSA/SHA256",
	"erlang-kernel-R16B-03.10.el7.x86_64.rpm":                     "nokey 352c64e5",
	"fence-agents-apc-snmp-4.0.11-13.el7_1.1.x86_64.rpm":          "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-bladecenter-4.0.11-13.el7_1.1.x86_64.rpm":       "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-ibmblade-4.0.11-13.el7_1.1.x86_64.rpm":          "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-ilo-mp-4.0.11-13.el7_1.1.x86_64.rpm":            "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-intelmodular-4.0.11-13.el7_1.1.x86_64.rpm":      "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-ipdu-4.0.11-13.el7_1.1.x86_64.rpm":              "ok f4a80eb5 V3 RSA/SHA256",
	"fence-agents-scsi-4.0.11-13.el7_1.1.x86_64.rpm":              "ok f4a80eb5 V3 RSA/SHA256",
	"httpd-2.4.6-31.el7.centos.1.x86_64.rpm":                      "ok f4a80eb5 V3 RSA/SHA256",
	"httpd-2.4.6-31.el7.centos.x86_64.rpm":                        "ok f4a80eb5 V3 RSA/SHA256",
	"iksemel-1.4-2.el7.centos.x86_64.rpm":                         "nokey 79ea5ed4",
	"mcos-deploy-node-ks-1.1-1.x86_64.rpm":                        "unsigned",
	"openstack-ceilometer-alarm-2014.2.2-1.el7.noarch.rpm":        "nokey df6674e3",
	"openstack-ceilometer-api-2014.2.2-1.el7.noarch.rpm":          "nokey df6674e3",
	"openstack-ceilometer-notification-2014.2.2-1.el7.noarch.rpm": "nokey df6674e3",
	"openstack-heat-engine-2014.2.2-1.el7.noarch.rpm":             "nokey df6674e3",
	"openstack-nova-cells-2014.2-1.el7.centos.noarch.rpm":         "unsigned",
	"openstack-nova-objectstore-2014.2-1.el7.centos.noarch.rpm":   "unsigned",
	"openstack-nova-serialproxy-2014.2-1.el7.centos.noarch.rpm":   "unsigned",
	"openstack-swift-plugin-swift3-1.7-4.el7.centos.noarch.rpm":   "nokey df6674e3",
	"openstack-trove-api-2014.2.3-4.el7.noarch.rpm":               "nokey df6674e3",
	"perl-Carp-1.26-244.el7.noarch.rpm":                           "ok f4a80eb5 V3 RSA/SHA256",
	"perl-File-Listing-6.04-7.el7.noarch.rpm":                     "ok f4a80eb5 V3 RSA/SHA256",
	"perl-Text-ParseWords-3.29-4.el7.noarch.rpm":                  "ok f4a80eb5 V3 RSA/SHA256",
	"perl-WWW-RobotRules-6.02-5.el7.noarch.rpm":                   "ok f4a80eb5 V3 RSA/SHA256",
	"python-XStatic-Font-Awesome-4.1.0.0-3.el7.noarch.rpm":        "nokey 352c64e5",
	"python-XStatic-Hogan-2.0.0.2-2.el7.noarch.rpm":               "nokey 352c64e5",
	"python-XStatic-JQuery-Migrate-1.2.1.1-2.el7.noarch.rpm":      "nokey 352c64e5",
	"python-XStatic-Spin-1.2.5.2-2.el7.noarch.rpm":                "nokey 352c64e5",
	"python-cephfs-0.94.2-0.el7.x86_64.rpm":                       "nokey 17ed316d",
	"python-django-bash-completion-1.6.11-1.el7.noarch.rpm":       "nokey 352c64e5",
	"python-jsonpointer-1.0-2.el7.centos.noarch.rpm":              "ok f4a80eb5 V3 RSA/SHA256",
	"python-oslo-serialization-0.3.0-1.el7.centos.noarch.rpm":     "nokey df6674e3",
	"python-rados-0.94.2-0.el7.x86_64.rpm":                        "nokey 17ed316d",
	"python-repoze-lru-0.4-3.el7.noarch.rpm":                      "nokey 352c64e5",
	"python-rfc3986-0.2.0-1.el7.centos.noarch.rpm":                "nokey df6674e3",
	"python-six-1.3.0-4.el7.noarch.rpm":                           "ok f4a80eb5 V3 RSA/SHA256",
	"python-warlock-1.0.1-1.el7.noarch.rpm":                       "nokey 352c64e5",
	"sgabios-bin-0.20110622svn-4.el7.noarch.rpm":                  "ok f4a80eb5 V3 RSA/SHA256",
	"web-assets-filesystem-5-1.el7.noarch.rpm":                    "nokey 352c64e5",
	"zabbix-web-mysql-2.4.6-1.el7.noarch.rpm":                     "nokey 79ea5ed4",
}

// pinned returns a keyring with the two built-in keys.
func pinned(t testing.TB) *sig.Keyring {
	t.Helper()
	kr := sig.NewKeyring()
	for _, n := range []string{keys.CentOS7, keys.SIGCloud} {
		b, err := keys.Get(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := kr.Add(n, strings.NewReader(string(b))); err != nil {
			t.Fatal(err)
		}
	}
	return kr
}

// verdict verifies one file and renders the result like fixtureVerdicts.
func verdict(t *testing.T, kr *sig.Keyring, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := sig.Verify(f, kr)
	var unk *sig.UnknownKeyError
	switch {
	case err == nil:
		return fmt.Sprintf("ok %08x %s", uint32(res.KeyID), res.Kind)
	case errors.As(err, &unk):
		return fmt.Sprintf("nokey %08x", uint32(unk.KeyID))
	case errors.Is(err, sig.ErrUnsigned):
		return "unsigned"
	}
	return "error " + err.Error()
}

func fixtureRPMs(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixture.Path(t, "el7/rpms"), "*.rpm"))
	if err != nil || len(files) != len(fixtureVerdicts) {
		t.Fatalf("found %d fixture rpms, want %d (%v)", len(files), len(fixtureVerdicts), err)
	}
	return files
}

func TestFixtureVerdicts(t *testing.T) {
	kr := pinned(t)
	got := map[string]string{}
	for _, f := range fixtureRPMs(t) {
		got[filepath.Base(f)] = verdict(t, kr, f)
	}
	if d := cmp.Diff(fixtureVerdicts, got); d != "" {
		t.Errorf("verdicts (-want +got):\n%s", d)
	}
}

func TestFixturesDigestsOnly(t *testing.T) {
	for _, f := range fixtureRPMs(t) {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sig.Verify(r, nil)
		r.Close()
		if err != nil || len(res.Checked) != 2 {
			t.Errorf("%s: digests-only check = %+v, %v; want header SHA1 and MD5 checked", filepath.Base(f), res, err)
		}
	}
}

// rpmLine matches rpmkeys -Kv lines such as
// "    V3 RSA/SHA256 Signature, key ID f4a80eb5: OK".
var rpmLine = regexp.MustCompile(`^\s+(Header )?(V\d \w+/\w+) Signature, key ID ([0-9a-f]{8}): (OK|NOKEY)$`)

// rpmVerdict runs rpmkeys -Kv with a temporary rpmdb holding the keys.
func rpmVerdict(t *testing.T, rpmkeys, dbpath, path string) string {
	out, _ := exec.Command(rpmkeys, "--dbpath", dbpath, "-Kv", path).CombinedOutput()
	v := "unsigned"
	for _, l := range strings.Split(string(out), "\n") {
		m := rpmLine.FindStringSubmatch(l)
		switch {
		case m == nil:
		case m[4] == "OK":
			v = fmt.Sprintf("ok %s %s", m[3], m[2])
		default:
			v = "nokey " + m[3]
		}
	}
	if strings.Contains(string(out), "BAD") {
		v = "bad"
	}
	return v
}

func TestFixturesAgreeWithRpm(t *testing.T) {
	files := fixtureRPMs(t)
	rpmkeys := fixture.Tool(t, "rpmkeys")
	db := t.TempDir()
	kdir := fixture.Path(t, "el7/keys")
	imp := exec.Command(rpmkeys, "--dbpath", db, "--import",
		filepath.Join(kdir, "RPM-GPG-KEY-CentOS-7"), filepath.Join(kdir, "RPM-GPG-KEY-CentOS-SIG-Cloud"))
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("importing keys: %v: %s", err, out)
	}
	kr := pinned(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if ours, theirs := verdict(t, kr, f), rpmVerdict(t, rpmkeys, db, f); ours != theirs {
				t.Errorf("sig.Verify says %q, rpmkeys -K says %q", ours, theirs)
			}
		})
	}
}

func TestFixtureTampered(t *testing.T) {
	kr := pinned(t)
	b, err := os.ReadFile(filepath.Join(fixture.Path(t, "el7/rpms"), "python-six-1.3.0-4.el7.noarch.rpm"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pkg  []byte
		want []error
	}{
		{"payload", flip(b, -100), []error{sig.ErrDigestMismatch, sig.ErrBadSignature}},
		{"truncated", b[:len(b)-1], []error{sig.ErrDigestMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sig.Verify(bytes.NewReader(tc.pkg), kr)
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("err = %v, want %v", err, w)
				}
			}
		})
	}
}
