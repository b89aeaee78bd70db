package kickstart_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// scripts returns the bodies of the kickstart's %pre and %post sections.
func scripts(ks string) []string {
	var out []string
	var cur *strings.Builder
	for _, line := range strings.Split(ks, "\n") {
		switch {
		case cur != nil && line == "%end":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		case strings.HasPrefix(line, "%pre ") || strings.HasPrefix(line, "%post "):
			cur = &strings.Builder{}
		}
	}
	return out
}

// TestGoldenScriptsParse checks every %pre and %post body of every golden
// kickstart with the shells' own parsers (sh -n, bash -n).
func TestGoldenScriptsParse(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.ks.golden")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden kickstarts (%v)", err)
	}
	shells := []string{fixture.Tool(t, "sh"), fixture.Tool(t, "bash")}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			ss := scripts(string(b))
			if len(ss) < 2 {
				t.Fatalf("%d script sections, want at least the two %%post", len(ss))
			}
			for i, s := range ss {
				for _, sh := range shells {
					if out, err := exec.Command(sh, "-n", "-c", s).CombinedOutput(); err != nil {
						t.Errorf("script %d: %s -n: %v\n%s", i, sh, err, out)
					}
				}
			}
		})
	}
}
