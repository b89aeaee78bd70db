package keys_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/rockyiso/rockyiso/rpmcache/keys"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

func TestBuiltinFingerprints(t *testing.T) {
	for _, tc := range []struct {
		name  string
		keyID uint64
		fpr   string
	}{
		{keys.CentOS7, 0x24C6A8A7F4A80EB5, "6341AB2753D78A78A7C27BB124C6A8A7F4A80EB5"},
		{keys.SIGCloud, 0xF9B9FEE7764429E6, "736AF5116D9C40E2AF6B074BF9B9FEE7764429E6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := keys.Get(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			kr := sig.NewKeyring()
			if err := kr.Add(tc.name, bytes.NewReader(b)); err != nil {
				t.Fatal(err)
			}
			pk, name, ok := kr.Lookup(tc.keyID)
			if !ok || name != tc.name {
				t.Fatalf("key %016X not found (have %X)", tc.keyID, kr.IDs())
			}
			if got := fmt.Sprintf("%X", pk.Fingerprint); got != tc.fpr {
				t.Errorf("fingerprint %s, want %s", got, tc.fpr)
			}
		})
	}
}

func TestGetRejects(t *testing.T) {
	for _, name := range []string{"RPM-GPG-KEY-not-shipped", "../keys/RPM-GPG-KEY-CentOS-7", "RPM-GPG-KEY-CentOS-7.asc/x", ""} {
		if _, err := keys.Get(name); !errors.Is(err, keys.ErrNotBuiltin) {
			t.Errorf("Get(%q) = %v, want ErrNotBuiltin", name, err)
		}
	}
}
