package sig_test

import (
	"bytes"
	"crypto"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/rpmpack"
	"github.com/rockyiso/rockyiso/internal/fixture"
	"github.com/rockyiso/rockyiso/internal/rpmsign"
	"github.com/rockyiso/rockyiso/rpmcache/sig"
)

// throwaway returns two generated keys: the pinned one and a stranger.
func throwaway(t testing.TB) (pinnedKey, stranger *rpmsign.Key) {
	t.Helper()
	k, other, err := rpmsign.Pair()
	if err != nil {
		t.Fatal(err)
	}
	return k, other
}

func keyringOf(t testing.TB, k *rpmsign.Key) *sig.Keyring {
	t.Helper()
	a, err := k.Armored()
	if err != nil {
		t.Fatal(err)
	}
	kr := sig.NewKeyring()
	if err := kr.Add("test-key", bytes.NewReader(a)); err != nil {
		t.Fatal(err)
	}
	return kr
}

func build(t testing.TB, s rpmsign.Signer) []byte {
	t.Helper()
	b, err := rpmsign.Package(rpmpack.RPMMetaData{Name: "demo", Version: "1.0", Release: "1.el7"}, s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// flip returns a copy of b with the byte at i (from the end when < 0) changed.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	if i < 0 {
		i += len(c)
	}
	c[i] ^= 0x55
	return c
}

// headerStart is the offset of the main header in an RPM file.
func headerStart(b []byte) int {
	il := int(b[96+8])<<24 | int(b[96+9])<<16 | int(b[96+10])<<8 | int(b[96+11])
	dl := int(b[96+12])<<24 | int(b[96+13])<<16 | int(b[96+14])<<8 | int(b[96+15])
	return 96 + 16 + il*16 + dl + (8-dl%8)%8
}

func TestGenerated(t *testing.T) {
	k, other := throwaway(t)
	kr := keyringOf(t, k)
	v3, v4 := build(t, k.V3(crypto.SHA256)), build(t, k.V4(crypto.SHA1))
	wrongData := func(d []byte) ([]byte, error) { return k.SignV4(crypto.SHA256, append(d, 'x')) }
	for _, tc := range []struct {
		name     string
		pkg      []byte
		wantKind string
		wantErr  error
	}{
		{"V3 RSA/SHA256", v3, "V3 RSA/SHA256", nil},
		{"V3 RSA/SHA1", build(t, k.V3(crypto.SHA1)), "V3 RSA/SHA1", nil},
		{"V4 RSA/SHA1", v4, "V4 RSA/SHA1", nil},
		{"V4 RSA/SHA256", build(t, k.V4(crypto.SHA256)), "V4 RSA/SHA256", nil},
		{"unsigned", build(t, nil), "", sig.ErrUnsigned},
		{"unknown key", build(t, other.V3(crypto.SHA256)), "", sig.ErrUnknownKey},
		{"signature over other data", build(t, wrongData), "", sig.ErrBadSignature},
		{"payload byte flipped V3", flip(v3, -10), "", sig.ErrBadSignature},
		{"payload byte flipped V4", flip(v4, -10), "", sig.ErrBadSignature},
		{"header byte flipped", flip(v3, headerStart(v3)+40), "", sig.ErrDigestMismatch},
		{"truncated", v3[:len(v3)-7], "", sig.ErrDigestMismatch},
		{"extra bytes", append(bytes.Clone(v4), 0), "", sig.ErrDigestMismatch},
		{"cut in header", v4[:headerStart(v4)+20], "", sig.ErrMalformed},
		{"not an rpm", []byte(strings.Repeat("<html>", 40)), "", sig.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sig.Verify(bytes.NewReader(tc.pkg), kr)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tc.wantErr)
			}
			if err == nil && (res.Kind != tc.wantKind || res.KeyID != k.ID() || res.KeyName != "test-key") {
				t.Errorf("Verify = %+v, want %s by %016X", res, tc.wantKind, k.ID())
			}
		})
	}
}

func TestUnknownKeyNamesKey(t *testing.T) {
	k, other := throwaway(t)
	_, err := sig.Verify(bytes.NewReader(build(t, other.V4(crypto.SHA256))), keyringOf(t, k))
	var unk *sig.UnknownKeyError
	if !errors.As(err, &unk) || unk.KeyID != other.ID() {
		t.Fatalf("err = %v, want UnknownKeyError for %016X", err, other.ID())
	}
}

// TestGeneratedAgreeWithRpm checks that rpm accepts our V3 and V4 packets
// (so the test's signer makes what rpm makes) and rejects what we reject.
func TestGeneratedAgreeWithRpm(t *testing.T) {
	rpmkeys := fixture.Tool(t, "rpmkeys")
	k, _ := throwaway(t)
	dir := t.TempDir()
	a, err := k.Armored()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.asc")
	must(t, os.WriteFile(keyFile, a, 0o644))
	if out, err := exec.Command(rpmkeys, "--dbpath", dir, "--import", keyFile).CombinedOutput(); err != nil {
		t.Fatalf("rpmkeys --import: %v: %s", err, out)
	}
	v3 := build(t, k.V3(crypto.SHA256))
	for _, tc := range []struct {
		name string
		pkg  []byte
		ok   bool
	}{
		{"v3", v3, true},
		{"v4", build(t, k.V4(crypto.SHA1)), true},
		{"tampered", flip(v3, -10), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".rpm")
			must(t, os.WriteFile(p, tc.pkg, 0o644))
			out, rpmErr := exec.Command(rpmkeys, "--dbpath", dir, "--checksig", p).CombinedOutput()
			_, ourErr := sig.Verify(bytes.NewReader(tc.pkg), keyringOf(t, k))
			if (rpmErr == nil) != tc.ok || (ourErr == nil) != tc.ok {
				t.Errorf("rpmkeys: %v %s; sig.Verify: %v; want ok=%v", rpmErr, out, ourErr, tc.ok)
			}
		})
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
