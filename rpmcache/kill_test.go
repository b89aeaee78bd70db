package rpmcache_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// childEnv names the job file that turns this test binary into the child
// that TestKillResume kills mid-download.
const childEnv = "ROCKYISO_TEST_FETCH_CHILD"

type childJob struct {
	Dir, Key string
	Items    []rpmcache.Item
}

// runChild fetches the job's items; it is killed before it finishes.
func runChild(t *testing.T, jobFile string) {
	b, err := os.ReadFile(jobFile)
	if err != nil {
		t.Fatal(err)
	}
	var job childJob
	if err := json.Unmarshal(b, &job); err != nil {
		t.Fatal(err)
	}
	kf, err := os.Open(job.Key)
	if err != nil {
		t.Fatal(err)
	}
	kr := sig.NewKeyring()
	if err := kr.Add("test", kf); err != nil {
		t.Fatal(err)
	}
	for i := range job.Items {
		job.Items[i].Keys = kr
	}
	c, err := rpmcache.Open(job.Dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = rpmcache.NewFetcher(c, rpmcache.Options{Workers: 2}).Fetch(context.Background(), job.Items) // killed before it returns
}

func TestKillResume(t *testing.T) {
	if f := os.Getenv(childEnv); f != "" {
		runChild(t, f)
		return
	}
	k, _ := testKeys(t)
	ps := makePkgs(t, 6, 1<<20) // several write buffers each, so a kill lands mid-package
	srv := newServer(t, ps)
	srv.delay = 10 * time.Millisecond
	dir, tmp := t.TempDir(), t.TempDir()
	its := items(srv, ps, nil)
	child := startChild(t, k, dir, tmp, its)
	waitMidway(t, dir, child, int64(len(ps[0].data)/2))
	if err := child.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = child.Wait() // "signal: killed"
	before := snapshot(t, dir, srv, ps)
	srv.mu.Lock()
	srv.delay = 0
	srv.mu.Unlock()
	c, err := rpmcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	kr := keyring(t, k)
	for i := range its {
		its[i].Keys = kr
	}
	st, err := rpmcache.NewFetcher(c, fastOptions()).Fetch(context.Background(), its)
	if err != nil || st.Cached+st.Fetched != len(ps) {
		t.Fatalf("rerun: %+v, %v", st, err)
	}
	checkResumed(t, srv, ps, before)
	checkCacheSound(t, dir)
}

func startChild(t *testing.T, k interface{ Armored() ([]byte, error) }, dir, tmp string, its []rpmcache.Item) *exec.Cmd {
	t.Helper()
	a, err := k.Armored()
	if err != nil {
		t.Fatal(err)
	}
	keyFile, jobFile := filepath.Join(tmp, "key.asc"), filepath.Join(tmp, "job.json")
	job, _ := json.Marshal(childJob{Dir: dir, Key: keyFile, Items: its})
	if err := os.WriteFile(keyFile, a, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobFile, job, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillResume$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+jobFile)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// waitMidway polls until the child has cached one package and has less
// than half of another on disk (so it is still downloading when killed).
func waitMidway(t *testing.T, dir string, child *exec.Cmd, half int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		done, _ := filepath.Glob(filepath.Join(dir, "sha256", "*", "*.rpm"))
		if len(done) > 0 && hasPartial(dir, half) {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = child.Process.Kill()
	t.Fatal("child never got midway through its downloads")
}

// hasPartial reports whether a partial download holds 1 to max bytes.
func hasPartial(dir string, max int64) bool {
	parts, _ := filepath.Glob(filepath.Join(dir, "partial", "*.part"))
	for _, p := range parts {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 0 && fi.Size() < max {
			return true
		}
	}
	return false
}

// state is what the killed child left for one package.
type state struct {
	cached   bool
	partial  int64
	requests int
}

func snapshot(t *testing.T, dir string, srv *server, ps []pkg) map[string]state {
	t.Helper()
	m := map[string]state{}
	for _, p := range ps {
		s := state{requests: len(srv.requests(p.name))}
		_, err := os.Stat(filepath.Join(dir, "sha256", p.sum[:2], p.sum+".rpm"))
		s.cached = err == nil
		if fi, err := os.Stat(filepath.Join(dir, "partial", p.sum+".part")); err == nil {
			s.partial = fi.Size()
		}
		m[p.name] = s
	}
	return m
}

// checkResumed checks the rerun fetched only what was missing: nothing for
// cached packages, the rest of each partial download by a range request.
func checkResumed(t *testing.T, srv *server, ps []pkg, before map[string]state) {
	t.Helper()
	var resumed, skipped int
	for _, p := range ps {
		b, reqs := before[p.name], srv.requests(p.name)
		after := reqs[b.requests:]
		switch {
		case b.cached || b.partial == int64(len(p.data)):
			if len(after) != 0 {
				t.Errorf("%s: already complete before the kill, fetched again: %q", p.name, after)
			}
			skipped++
		case b.partial > 0:
			if want := "bytes=" + strconv.FormatInt(b.partial, 10) + "-"; len(after) != 1 || after[0] != want {
				t.Errorf("%s: %d bytes were on disk; rerun requests %q, want [%q]", p.name, b.partial, after, want)
			}
			resumed++
		default:
			if len(after) != 1 || after[0] != "" {
				t.Errorf("%s: rerun requests %q, want one full GET", p.name, after)
			}
		}
	}
	t.Logf("after kill -9: %d packages complete, %d resumed", skipped, resumed)
	if skipped == 0 || resumed == 0 {
		t.Errorf("kill landed at a point that tests nothing: %d complete, %d resumed", skipped, resumed)
	}
}
