package repodata

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

func TestParseEVR(t *testing.T) {
	tests := []struct {
		in      string
		e, v, r string
		ok      bool
	}{
		{"", "", "", "", true},
		{"1.0", "0", "1.0", "", true},
		{"1.0-3.el7", "0", "1.0", "3.el7", true},
		{"2:1.0-3", "2", "1.0", "3", true},
		{":1.0", "0", "1.0", "", true},
		{"x:1.0", "", "", "", false},
		{"1.0-3-4", "0", "1.0", "3-4", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, v, r, ok := parseEVR(tt.in)
			if e != tt.e || v != tt.v || r != tt.r || ok != tt.ok {
				t.Fatalf("parseEVR(%q) = %q %q %q %v, want %q %q %q %v", tt.in, e, v, r, ok, tt.e, tt.v, tt.r, tt.ok)
			}
		})
	}
}

func TestCompareLibc(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"libc.so.6()(64bit)", "libc.so.6(GLIBC_2.14)(64bit)", 2},
		{"libc.so.6(GLIBC_2.14)(64bit)", "libc.so.6(GLIBC_2.3.4)(64bit)", 1},
		{"libc.so.6(GLIBC_2.3)", "libc.so.6(GLIBC_2.3)", 0},
		{"libc.so.6", "libc.so.6(GLIBC_2.0)", 2},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			if got := compareLibc(tt.a, tt.b); got != tt.want {
				t.Fatalf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestUTF8From(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"utf8 kept", "Jürgen", "Jürgen"},
		{"latin1 converted", "J\xfcrgen", "Jürgen"},
		{"c1 and controls dropped", "a\x85b\x01c\xe9", "abcé"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := utf8From(tt.in); got != tt.want {
				t.Fatalf("utf8From(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestChangelogEntries checks createrepo_c's quirks: the newest limit
// entries, oldest first, authors' trailing spaces trimmed, and equal
// times made distinct by moving the newer entries on.
func TestChangelogEntries(t *testing.T) {
	times := []uint64{300, 200, 200, 200, 100}
	names := []string{"e  ", "d", "c", "b", "a"}
	texts := []string{"5", "4", "3", "2", "1"}
	tests := []struct {
		name  string
		limit int
		want  []repomd.Changelog
	}{
		{"all", -1, []repomd.Changelog{{Author: "a", Date: 100, Text: "1"}, {Author: "b", Date: 200, Text: "2"}, {Author: "c", Date: 201, Text: "3"}, {Author: "d", Date: 202, Text: "4"}, {Author: "e", Date: 300, Text: "5"}}},
		{"limit 2", 2, []repomd.Changelog{{Author: "d", Date: 200, Text: "4"}, {Author: "e", Date: 300, Text: "5"}}},
		{"limit 0 is none", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := changelogEntries(times, names, texts, tt.limit)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}
