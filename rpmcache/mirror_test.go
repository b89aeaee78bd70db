package rpmcache_test

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/internal/rpmsign"
	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/repodata"
	"github.com/rockyiso/rockyiso/rpmcache/repomd"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
	"github.com/rockyiso/rockyiso/rpmcache/source"
	"github.com/rockyiso/rockyiso/site"
)

// coreComps is a comps file whose @core is rpmgen's CoreGroup.
func coreComps() string {
	var b strings.Builder
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<comps>\n  <group>\n    <id>core</id>\n    <name>Core</name>\n" +
		"    <default>false</default>\n    <uservisible>false</uservisible>\n    <packagelist>\n")
	for _, p := range rpmgen.CoreGroup {
		fmt.Fprintf(&b, "      <packagereq type=\"mandatory\">%s</packagereq>\n", p)
	}
	b.WriteString("    </packagelist>\n  </group>\n</comps>\n")
	return b.String()
}

// writeUniverse writes rpmgen's EL7-like repos under root, signed by k
// (V3 RSA/SHA256 for the CentOS repos, V4 RSA/SHA1 for the SIG repos, as
// the real ones are), with repodata.
func writeUniverse(k *rpmsign.Key, root string) error {
	for _, s := range rpmgen.Universe(rpmgen.Options{}) {
		sign := rpmgen.Signer(k.V4(crypto.SHA1))
		if s.Repo == "os" || s.Repo == "updates" || s.Repo == "extras" {
			sign = rpmgen.Signer(k.V3(crypto.SHA256))
		}
		dir := filepath.Join(root, s.Repo, "Packages")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if _, err := rpmgen.Write(dir, s, sign); err != nil {
			return err
		}
	}
	for _, r := range rpmgen.Repos {
		opt := repodata.Options{Workers: 2, Now: time.Unix(1600000000, 0)}
		if err := os.MkdirAll(filepath.Join(root, r.Name), 0o755); err != nil {
			return err
		}
		if r.Name == "os" {
			opt.Groups = strings.NewReader(coreComps())
		}
		if _, err := repodata.Create(context.Background(), filepath.Join(root, r.Name), opt); err != nil {
			return err
		}
	}
	return nil
}

var (
	univOnce sync.Once
	univDir  string // removed by TestMain
	univErr  error
)

// sharedUniverse returns the generated repos, written once per test run
// (tests that change them copy them first).
func sharedUniverse(t *testing.T) string {
	t.Helper()
	k, _ := testKeys(t)
	univOnce.Do(func() {
		if univDir, univErr = os.MkdirTemp("", "rockyiso-universe-"); univErr == nil {
			univErr = writeUniverse(k, univDir)
		}
	})
	if univErr != nil {
		t.Fatal(univErr)
	}
	return univDir
}

// sources lists the generated repos as served from baseURL.
func sources(baseURL, keyFile string) *source.Sources {
	srcs := &source.Sources{}
	for _, r := range rpmgen.Repos {
		srcs.Repos = append(srcs.Repos, source.Repo{Name: r.Name, BaseURL: baseURL + "/" + r.Name + "/", Priority: r.Priority, Keys: []string{keyFile}})
	}
	return srcs
}

// siteSets returns each host's package set of the guide's lab site.
func siteSets(t *testing.T) [][]string {
	t.Helper()
	s, err := site.Load("../examples/lab-4node.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var sets [][]string
	for i := range s.Hosts {
		sets = append(sets, s.Packages(&s.Hosts[i]))
	}
	return sets
}

type mirrorEnv struct {
	root  string // the served repos
	srv   *httptest.Server
	srcs  *source.Sources
	cache string
	out   string
	kr    *sig.Keyring
}

// newMirrorEnv serves the generated repos; a private copy when the test
// will damage them.
func newMirrorEnv(t *testing.T, private bool) *mirrorEnv {
	k, _ := testKeys(t)
	root, tmp := sharedUniverse(t), t.TempDir()
	if private {
		root = filepath.Join(tmp, "repos")
		if err := os.CopyFS(root, os.DirFS(sharedUniverse(t))); err != nil {
			t.Fatal(err)
		}
	}
	a, err := k.Armored()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(tmp, "RPM-GPG-KEY-test")
	if err := os.WriteFile(keyFile, a, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(root)))
	t.Cleanup(srv.Close)
	return &mirrorEnv{root: root, srv: srv, srcs: sources(srv.URL, keyFile), cache: filepath.Join(tmp, "cache"),
		out: filepath.Join(tmp, "repo"), kr: keyring(t, k)}
}

func (e *mirrorEnv) mirror(t *testing.T, offline bool) (*rpmcache.MirrorResult, error) {
	t.Helper()
	c, err := rpmcache.Open(e.cache)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.Mirror(context.Background(), rpmcache.MirrorOptions{
		Sources: e.srcs, Groups: []string{"core"}, Sets: siteSets(t), Out: e.out, Offline: offline,
		Fetch: fastOptions(), Now: time.Unix(1700000000, 0),
	})
}

func TestMirror(t *testing.T) {
	e := newMirrorEnv(t, false)
	res, err := e.mirror(t, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Fetched != res.Packages || res.Packages < 50 {
		t.Fatalf("first run: %+v; want every package fetched", res)
	}
	checkRepo(t, e, res.Packages)
	repoclosure(t, e.out)
	t.Logf("mirrored %d packages (%d bytes)", res.Packages, res.Stats.Bytes)
	again, err := e.mirror(t, false)
	if err != nil || again.Stats.Fetched != 0 || again.Stats.Cached != res.Packages {
		t.Fatalf("second run: %+v, %v; want all %d from the cache", again, err, res.Packages)
	}
	e.srv.Close() // no network from here on
	off, err := e.mirror(t, true)
	if err != nil || off.Packages != res.Packages {
		t.Fatalf("offline run: %+v, %v", off, err)
	}
	checkRepo(t, e, res.Packages)
}

// checkRepo checks the output repo: repodata, and n packages that verify.
func checkRepo(t *testing.T, e *mirrorEnv, n int) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(e.out, "repodata", "repomd.xml")); err != nil {
		t.Fatal(err)
	}
	rpms, _ := filepath.Glob(filepath.Join(e.out, "Packages", "*.rpm"))
	if len(rpms) != n {
		t.Fatalf("output repo has %d packages, want %d", len(rpms), n)
	}
	for _, p := range rpms {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = sig.Verify(f, e.kr)
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(p), err)
		}
	}
	if _, err := os.Stat(e.out + ".new"); !os.IsNotExist(err) {
		t.Errorf("staging directory left behind: %v", err)
	}
}

func TestMirrorOfflineEmptyCache(t *testing.T) {
	e := newMirrorEnv(t, false)
	_, err := e.mirror(t, true)
	if err == nil || !strings.Contains(err.Error(), "without --offline") {
		t.Fatalf("offline with an empty cache: %v", err)
	}
	if _, err := os.Stat(e.out); !os.IsNotExist(err) {
		t.Errorf("output repo written after a failure: %v", err)
	}
}

func TestMirrorRefusesBadRepo(t *testing.T) {
	e := newMirrorEnv(t, false)
	_, stranger := testKeys(t)
	a, _ := stranger.Armored()
	other := filepath.Join(t.TempDir(), "other.asc")
	if err := os.WriteFile(other, a, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range e.srcs.Repos {
		if e.srcs.Repos[i].Name == "openstack-rocky" {
			e.srcs.Repos[i].Keys = []string{other} // pinned key is not the signer
		}
	}
	_, err := e.mirror(t, false)
	if !errors.Is(err, sig.ErrUnknownKey) || !strings.Contains(err.Error(), "python-nova-") {
		t.Fatalf("mirror with a wrong key pinned: %v", err)
	}
	if _, err := os.Stat(e.out); !os.IsNotExist(err) {
		t.Errorf("output repo written after a refusal: %v", err)
	}
}

// repoclosure runs dnf repoclosure on the output repo: every requirement
// of every package in it must be met inside it.
func repoclosure(t *testing.T, dir string) {
	t.Helper()
	dnf := fixture.Tool(t, "dnf")
	root := t.TempDir()
	cmd := exec.Command(dnf, "--installroot="+root, "--releasever=7", "--setopt=reposdir=/dev/null",
		"--repofrompath=r,file://"+dir, "--nogpgcheck", "--setopt=cachedir="+filepath.Join(root, "cache"), "-q",
		"repoclosure", "--check", "r")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "unresolved") {
		t.Errorf("dnf repoclosure on the mirror: %v\n%s", err, out)
	}
}

func TestMirrorRefusesCorruptMetadata(t *testing.T) {
	e := newMirrorEnv(t, true)
	prim, _ := filepath.Glob(filepath.Join(e.root, "openstack-rocky", "repodata", "*-primary.xml.gz"))
	if len(prim) != 1 {
		t.Fatalf("primary files: %v", prim)
	}
	b, err := os.ReadFile(prim[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(prim[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = e.mirror(t, false)
	// Whichever notices first: the checksum, or the parser on the garbled XML.
	if (!errors.Is(err, repomd.ErrChecksum) && !errors.Is(err, repomd.ErrMetadata)) || !strings.Contains(err.Error(), "openstack-rocky") || !strings.Contains(err.Error(), "primary") {
		t.Fatalf("mirror with a corrupt primary: %v", err)
	}
}
