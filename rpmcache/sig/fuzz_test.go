package sig_test

import (
	"bytes"
	"crypto"
	"testing"

	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// FuzzVerify feeds arbitrary bytes to the lead, signature header and
// OpenPGP packet parsers: they must return an error, never panic or hang.
func FuzzVerify(f *testing.F) {
	k, _ := throwaway(f)
	kr := keyringOf(f, k)
	for _, s := range []func([]byte) ([]byte, error){nil, k.V3(crypto.SHA256), k.V4(crypto.SHA1)} {
		b := build(f, s)
		f.Add(b[:headerStart(b)+64])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := sig.Verify(bytes.NewReader(b), kr)
		if err == nil && res.KeyID != k.ID() {
			t.Fatalf("verified without a signature by the pinned key: %+v", res)
		}
	})
}
