package rpmver_test

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/rpmcache/rpmver"
)

// vercmpCases are rpm's own rpmvercmp test cases (tests/rpmvercmp.at)
// and version pairs from CentOS 7.9 and the Cloud SIG's Rocky repo.
var vercmpCases = []struct {
	a, b string
	want int
}{
	{"1.0", "1.0", 0}, {"1.0", "2.0", -1}, {"2.0", "1.0", 1},
	{"2.0.1", "2.0.1", 0}, {"2.0", "2.0.1", -1}, {"2.0.1a", "2.0.1a", 0},
	{"2.0.1a", "2.0.1", 1}, {"5.5p1", "5.5p2", -1}, {"5.5p10", "5.5p1", 1},
	{"10xyz", "10.1xyz", -1}, {"xyz10", "xyz10.1", -1}, {"xyz.4", "8", -1},
	{"8", "xyz.4", 1}, {"5.5p1", "5.5.p1", 0}, {"5.5p1", "5.5.p10", -1},
	{"10b2", "10a1", 1}, {"10a2", "10b2", -1}, {"1.0aa", "1.0a", 1},
	{"1.0aa", "1.0aa", 0}, {"10.0001", "10.1", 0}, {"10.0001", "10.0039", -1},
	{"4.999.9", "5.0", -1}, {"20101121", "20101122", -1}, {"2_0", "2_0", 0},
	{"2.0", "2_0", 0}, {"a", "a", 0}, {"a+", "a+", 0}, {"a+", "a_", 0},
	{"+a", "_a", 0}, {"+_", "_+", 0}, {"+", "_", 0}, {"1.0~rc1", "1.0~rc1", 0},
	{"1.0~rc1", "1.0", -1}, {"1.0", "1.0~rc1", 1}, {"1.0~rc1", "1.0~rc2", -1},
	{"1.0~rc1~git123", "1.0~rc1", -1}, {"1.0~rc1", "1.0arc1", -1},
	{"1.0", "1.0a", -1}, {"1.0.el7", "1.0.el7_1", -1}, {"1.el7", "1.el7.centos", -1},
	{"95.el7", "97.el7.centos", -1}, {"19.el7", "21.el7_9", -1}, {"2.1.fb49", "2.1.fb41", 1},
	{"1.1.fb25", "1.1.fb20", 1}, {"R16B", "19.3", -1}, {"7.4p1", "7.4", 1},
	{"0.20.1~rc1", "0.20.1", -1}, {"3.36.10", "3.36.5", 1}, {"1.02.170", "1.02.17", 1},
	{"0.1.rc6", "3.el7_9.2", -1}, {"2020a", "2020d", -1}, {"44.1.el7_8.1", "44.el7", 1},
	{"", "", 0}, {"", "1", -1}, {"~", "", -1}, {"", "~", 1}, {"1.", "1", 0},
}

func TestVercmp(t *testing.T) {
	for _, tc := range vercmpCases {
		t.Run(tc.a+"_vs_"+tc.b, func(t *testing.T) {
			if got := rpmver.Vercmp(tc.a, tc.b); got != tc.want {
				t.Errorf("Vercmp(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestVercmpAgreesWithRPM asks Debian's rpm (lua rpm.vercmp) about the
// table and random version strings without ':', '-' or '^' (which
// rpm.vercmp would parse as EVR parts or, since rpm 4.15, a caret).
func TestVercmpAgreesWithRPM(t *testing.T) {
	rpm := fixture.Tool(t, "rpm")
	var pairs [][2]string
	for _, tc := range vercmpCases {
		pairs = append(pairs, [2]string{tc.a, tc.b})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		pairs = append(pairs, [2]string{"1" + randomVersion(r), "1" + randomVersion(r)})
	}
	got := luaVercmp(t, rpm, "rpm.vercmp", pairs)
	for i, p := range pairs {
		if want := rpmver.Vercmp(p[0], p[1]); got[i] != want && got[i] != rpmRefused {
			t.Errorf("Vercmp(%q, %q) = %d, rpm says %d", p[0], p[1], want, got[i])
		}
	}
}

// rpmRefused marks a pair rpm.vercmp rejects (an empty version).
const rpmRefused = 99

// luaVercmp evaluates fn(a, b) for every pair in one rpm run.
func luaVercmp(t *testing.T, rpm, fn string, pairs [][2]string) []int {
	t.Helper()
	var lua strings.Builder
	for _, p := range pairs {
		fmt.Fprintf(&lua, "do local ok, r = pcall(%s, %q, %q); print((ok and tostring(r) or \"X\") .. \" \") end\n", fn, p[0], p[1])
	}
	out, err := exec.Command(rpm, "--eval", "%{lua:\n"+lua.String()+"}").CombinedOutput()
	if err != nil {
		t.Fatalf("rpm --eval: %v\n%s", err, out)
	}
	lines := strings.Fields(string(out))
	if len(lines) != len(pairs) {
		t.Fatalf("rpm printed %d results for %d pairs:\n%s", len(lines), len(pairs), out)
	}
	refused := 0
	for _, l := range lines {
		if l == "X" {
			refused++
		}
	}
	if refused > len(pairs)/10 {
		t.Fatalf("rpm refused %d of %d pairs: the comparison proves little", refused, len(pairs))
	}
	res := make([]int, len(lines))
	for i, l := range lines {
		if l == "X" {
			res[i] = rpmRefused
			continue
		}
		n, err := strconv.Atoi(l)
		if err != nil {
			t.Fatalf("rpm printed %q", l)
		}
		res[i] = max(-1, min(1, n))
	}
	return res
}

func randomVersion(r *rand.Rand) string {
	const alphabet = "0012789aAbzZ.._+~"
	b := make([]byte, r.IntN(8))
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func TestVercmpProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vs := make([]string, 300)
	for i := range vs {
		vs[i] = randomVersion(r)
	}
	for _, a := range vs {
		if c := rpmver.Vercmp(a, a); c != 0 {
			t.Errorf("Vercmp(%q, itself) = %d", a, c)
		}
		for _, b := range vs {
			ab, ba := rpmver.Vercmp(a, b), rpmver.Vercmp(b, a)
			if ab != -ba {
				t.Fatalf("not antisymmetric: Vercmp(%q, %q) = %d, reverse %d", a, b, ab, ba)
			}
		}
	}
	for range 200000 {
		a, b, c := vs[r.IntN(len(vs))], vs[r.IntN(len(vs))], vs[r.IntN(len(vs))]
		if rpmver.Vercmp(a, b) <= 0 && rpmver.Vercmp(b, c) <= 0 && rpmver.Vercmp(a, c) > 0 {
			t.Fatalf("not transitive: %q <= %q <= %q but %q > %q", a, b, c, a, c)
		}
	}
}

func FuzzVercmp(f *testing.F) {
	for _, tc := range vercmpCases {
		f.Add(tc.a, tc.b)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := rpmver.Vercmp(a, b), rpmver.Vercmp(b, a)
		if ab != -ba || ab < -1 || ab > 1 {
			t.Errorf("Vercmp(%q, %q) = %d, reverse %d", a, b, ab, ba)
		}
		if rpmver.Vercmp(a, a) != 0 {
			t.Errorf("Vercmp(%q, itself) != 0", a)
		}
	})
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want rpmver.EVR
	}{
		{"1.0", rpmver.EVR{Version: "1.0"}},
		{"1.0-1.el7", rpmver.EVR{Version: "1.0", Release: "1.el7"}},
		{"2:1.0-1.el7", rpmver.EVR{Epoch: "2", Version: "1.0", Release: "1.el7"}},
		{"1:2.0", rpmver.EVR{Epoch: "1", Version: "2.0"}},
		{":2.0", rpmver.EVR{Epoch: "0", Version: "2.0"}},
		{"7.4p1-21.el7", rpmver.EVR{Version: "7.4p1", Release: "21.el7"}},
		{"1.0-0.1.rc6-2", rpmver.EVR{Version: "1.0-0.1.rc6", Release: "2"}},
		{"a:1.0", rpmver.EVR{Version: "a:1.0"}},
		{"", rpmver.EVR{}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := rpmver.Parse(tc.in)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.in, d)
			}
			if got.String() != tc.in && tc.in != ":2.0" {
				t.Errorf("Parse(%q).String() = %q", tc.in, got.String())
			}
		})
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2:1.0-1", "1:9.9-1", 1}, {"1.0-1", "0:1.0-1", 0}, {"1:1.0-1", "1.0-1", 1},
		{"1.0-1.el7", "1.0-1.el7_1", -1}, {"10:1.5.3-175.el7_9.3", "10:2.12.0-44.1.el7_8.1", -1},
		{"3:10.1.20-2.el7", "1:5.5.68-1.el7", 1}, {"0.9.9-1.el7", "1:0.1.0-1.el7", -1},
		{"1.0~rc1-1", "1.0-1", -1}, {"2.4.6-97.el7.centos", "2.4.6-95.el7.centos", 1},
		{"10:1.0-1", "9:2.0-1", 1},
	} {
		t.Run(tc.a+"_vs_"+tc.b, func(t *testing.T) {
			if got := rpmver.Compare(rpmver.Parse(tc.a), rpmver.Parse(tc.b)); got != tc.want {
				t.Errorf("Compare(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestCompareAgreesWithRPM(t *testing.T) {
	rpm := fixture.Tool(t, "rpm")
	r := rand.New(rand.NewPCG(5, 6))
	var pairs [][2]string
	evr := func() string {
		e := ""
		if r.IntN(3) == 0 {
			e = strconv.Itoa(r.IntN(12)) + ":"
		}
		return e + strings.ReplaceAll(randomVersion(r)+"1", "~", ".") + "-" + randomVersion(r) + "1"
	}
	for range 300 {
		pairs = append(pairs, [2]string{evr(), evr()})
	}
	got := luaVercmp(t, rpm, "rpm.vercmp", pairs)
	for i, p := range pairs {
		if want := rpmver.Compare(rpmver.Parse(p[0]), rpmver.Parse(p[1])); got[i] != want && got[i] != rpmRefused {
			t.Errorf("Compare(%q, %q) = %d, rpm says %d", p[0], p[1], want, got[i])
		}
	}
}

func TestRangeContains(t *testing.T) {
	for _, tc := range []struct {
		dep  string // "OP EVR" or ""
		pkg  string
		want bool
	}{
		{"", "1.0-1", true},
		{">= 1.9.0", "1.11.1-1.el7", true},
		{">= 1.9.0", "1.9.0-1.el7", true},
		{">= 1.9.0", "1.8.9-9.el7", false},
		{"= 1.11.1", "1.11.1-1.el7", true}, // no release: any release
		{"= 1.11.1-2.el7", "1.11.1-1.el7", false},
		{"= 1:18.3.0-1.el7", "1:18.3.0-1.el7", true},
		{"= 1:18.3.0-1.el7", "18.3.0-1.el7", false},
		{">= 2:5.2.0", "2:6.4.1-1.el7", true},
		{">= 2:5.2.0", "6.4.1-1.el7", false},
		{">= 1.9", "1:0.1-1", true}, // a missing epoch is 0
		{"< 1.0", "1.0~rc1-1", true},
		{"<= 1.0", "1.0-5", true},
		{"< 1.0", "1.0-5", false},
		{"> 1.0", "1.0-5", false}, // same version, release not compared
		{"> 1.0-4", "1.0-5", true},
		{">= 0.7.0-0.1.rc6", "0.8.5-3.el7_9.2", true},
		{"< 10:2.12.0", "10:1.5.3-175.el7", true},
		{"= 20120211x8664", "20120211x8664", true},
	} {
		t.Run(tc.dep+"_"+tc.pkg, func(t *testing.T) {
			var r rpmver.Range
			if op, evr, ok := strings.Cut(tc.dep, " "); ok {
				f, err := rpmver.ParseOp(op)
				if err != nil {
					t.Fatal(err)
				}
				r = rpmver.Range{Flags: f, EVR: rpmver.Parse(evr)}
			}
			if got := r.Contains(rpmver.Parse(tc.pkg)); got != tc.want {
				t.Errorf("%q contains %s = %v, want %v", tc.dep, tc.pkg, got, tc.want)
			}
		})
	}
}

func TestRangeOverlaps(t *testing.T) {
	ge := func(s string) rpmver.Range { return rpmver.Range{Flags: rpmver.GE, EVR: rpmver.Parse(s)} }
	lt := func(s string) rpmver.Range { return rpmver.Range{Flags: rpmver.Less, EVR: rpmver.Parse(s)} }
	for _, tc := range []struct {
		name string
		a, b rpmver.Range
		want bool
	}{
		{"ge ge", ge("1.0"), ge("2.0"), true},
		{"ge lt below", ge("2.0"), lt("1.0"), false},
		{"ge lt above", ge("1.0"), lt("2.0"), true},
		{"ge lt same", ge("1.0"), lt("1.0"), false},
		{"any", rpmver.Range{}, lt("1.0"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Overlaps(tc.b); got != tc.want {
				t.Errorf("%v overlaps %v = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if got := tc.b.Overlaps(tc.a); got != tc.want {
				t.Errorf("%v overlaps %v = %v, want %v (reversed)", tc.b, tc.a, got, tc.want)
			}
		})
	}
}

func TestParseFlags(t *testing.T) {
	for _, s := range []string{"", "EQ", "LT", "LE", "GT", "GE"} {
		f, err := rpmver.ParseFlags(s)
		if err != nil {
			t.Errorf("ParseFlags(%q): %v", s, err)
		}
		op, _ := rpmver.ParseOp(f.String())
		if s != "" && op != f {
			t.Errorf("ParseFlags(%q) = %v does not round-trip through ParseOp", s, f)
		}
	}
	if _, err := rpmver.ParseFlags("XX"); err == nil {
		t.Errorf("ParseFlags(XX) did not fail")
	}
}
