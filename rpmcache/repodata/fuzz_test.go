package repodata

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// FuzzParseRPM feeds arbitrary bytes to the RPM header reader: it may
// refuse them but must not panic, and what it accepts must render.
func FuzzParseRPM(f *testing.F) {
	if d := fixture.Dir(); d != "" {
		for _, name := range []string{"epel-release-7-5.noarch.rpm", "python-six-1.3.0-4.el7.noarch.rpm"} {
			if b, err := os.ReadFile(filepath.Join(d, "el7", "rpms", name)); err == nil {
				f.Add(b[:min(len(b), 16<<10)])
			}
		}
	}
	f.Add([]byte{0xed, 0xab, 0xee, 0xdb, 3, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := parseRPM(bufio.NewReader(bytes.NewReader(b)), int64(len(b)), DefaultChangelogLimit)
		if err != nil {
			return
		}
		_ = render(p)
	})
}
