package site_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rockyiso/rockyiso/site"
	"gopkg.in/yaml.v3"
)

// FuzzParse checks that Parse never panics, that its errors are an
// ErrorList in file order, and that a site it accepts validates again
// and survives a YAML round trip unchanged. The seed corpus in
// testdata/fuzz/FuzzParse holds both examples and broken variants.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := site.Parse("f.yaml", data)
		if err != nil {
			checkErrorList(t, err)
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted a site that Validate rejects: %v", err)
		}
		roundTrip(t, s)
	})
}

func checkErrorList(t *testing.T, err error) {
	var l site.ErrorList
	if !errors.As(err, &l) || len(l.Errors()) == 0 {
		t.Fatalf("Parse error %v is not a non-empty ErrorList", err)
	}
	for i, e := range l.Errors() {
		if e.File != "f.yaml" || e.Msg == "" {
			t.Errorf("error %d = %+v: want file f.yaml and a message", i, e)
		}
		if i > 0 && less(e, l[i-1]) {
			t.Errorf("errors out of order: %v before %v", l[i-1], e)
		}
	}
}

func less(a, b *site.Error) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
}

// roundTrip writes s back as YAML and parses it again.
func roundTrip(t *testing.T, s *site.Site) {
	b, err := yaml.Marshal(s)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	again, err := site.Parse("again.yaml", b)
	if err != nil {
		t.Fatalf("Parse(Marshal(site)): %v\n%s", err, b)
	}
	if diff := cmp.Diff(s, again, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip changed the site (-first +again):\n%s", diff)
	}
}
