package site

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzSecrets checks that the secrets parser never panics, that its
// errors all start with the file name, and that what it accepts is
// written back and read again unchanged.
func FuzzSecrets(f *testing.F) {
	f.Add([]byte("ADMIN_PASS: \"abc\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parseSecrets("s.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parsing secrets s.yaml:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		again, err := parseSecrets("again.yaml", formatSecrets(s))
		if err != nil {
			t.Fatalf("reading back what formatSecrets wrote: %v", err)
		}
		if diff := cmp.Diff(map[string]string(s), map[string]string(again)); diff != "" {
			t.Errorf("round trip changed the secrets (-first +again):\n%s", diff)
		}
	})
}
