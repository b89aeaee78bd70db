// Package rpmsign makes throwaway OpenPGP signing keys and signed RPM
// packages for tests: version 4 signature packets with go-crypto, and
// version 3 packets (RFC 4880 5.2.2, what CentOS 7 signs with) serialized
// here because go-crypto no longer writes them. Packages are built with
// google/rpmpack, which signs the header (RSAHEADER) and header+payload (PGP).
package rpmsign

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/google/rpmpack"
)

// Key is a throwaway RSA signing key.
type Key struct {
	priv *packet.PrivateKey
	rsa  *rsa.PrivateKey
	when time.Time
}

// NewKey generates a 2048-bit RSA key created at when.
func NewKey(when time.Time) (*Key, error) {
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("generating key: %w", err)
	}
	return &Key{priv: packet.NewRSAPrivateKey(when, rk), rsa: rk, when: when}, nil
}

// ID returns the key ID.
func (k *Key) ID() uint64 { return k.priv.KeyId }

// Armored returns the ASCII-armored public key block.
func (k *Key) Armored() ([]byte, error) {
	var b bytes.Buffer
	w, err := armor.Encode(&b, "PGP PUBLIC KEY BLOCK", nil)
	if err != nil {
		return nil, err
	}
	if err := k.priv.PublicKey.Serialize(w); err != nil {
		return nil, fmt.Errorf("serializing public key: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SignV4 returns a version 4 binary-document signature packet over data.
func (k *Key) SignV4(h crypto.Hash, data []byte) ([]byte, error) {
	id := k.priv.KeyId
	s := &packet.Signature{Version: 4, SigType: packet.SigTypeBinary, PubKeyAlgo: packet.PubKeyAlgoRSA,
		Hash: h, CreationTime: k.when, IssuerKeyId: &id}
	no := false // rpm never adds salt notations; they also refuse SHA-1
	cfg := &packet.Config{DefaultHash: h, NonDeterministicSignaturesViaNotation: &no}
	hh, err := s.PrepareSign(cfg)
	if err != nil {
		return nil, err
	}
	hh.Write(data)
	if err := s.Sign(hh, k.priv, cfg); err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	var b bytes.Buffer
	if err := s.Serialize(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// hashIDs are the OpenPGP IDs of the hashes SignV3 supports.
var hashIDs = map[crypto.Hash]byte{crypto.SHA1: 2, crypto.SHA256: 8}

// SignV3 returns a version 3 binary-document signature packet over data,
// in the old packet format with a two-octet length, as rpm 4.11 wrote.
func (k *Key) SignV3(h crypto.Hash, data []byte) ([]byte, error) {
	suffix := make([]byte, 5) // signature type 0 (binary), creation time
	binary.BigEndian.PutUint32(suffix[1:], uint32(k.when.Unix()))
	hh := h.New()
	hh.Write(data)
	hh.Write(suffix)
	sum := hh.Sum(nil)
	val, err := rsa.SignPKCS1v15(rand.Reader, k.rsa, h, sum)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	body := []byte{3, 5}
	body = append(body, suffix...)
	body = binary.BigEndian.AppendUint64(body, k.priv.KeyId)
	body = append(body, byte(packet.PubKeyAlgoRSA), hashIDs[h], sum[0], sum[1])
	body = binary.BigEndian.AppendUint16(body, uint16(new(big.Int).SetBytes(val).BitLen()))
	body = append(body, trimZeros(val)...)
	pkt := []byte{0x89} // old format, tag 2, two-octet length
	pkt = binary.BigEndian.AppendUint16(pkt, uint16(len(body)))
	return append(pkt, body...), nil
}

func trimZeros(b []byte) []byte {
	for len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// Signer signs data, returning an OpenPGP signature packet.
type Signer func(data []byte) ([]byte, error)

// V3 and V4 return signers with the given hash.
func (k *Key) V3(h crypto.Hash) Signer {
	return func(d []byte) ([]byte, error) { return k.SignV3(h, d) }
}

// V4 returns a version 4 signer with hash h.
func (k *Key) V4(h crypto.Hash) Signer {
	return func(d []byte) ([]byte, error) { return k.SignV4(h, d) }
}

// Package builds an RPM with one small file, signed by s (unsigned when nil).
func Package(md rpmpack.RPMMetaData, s Signer) ([]byte, error) {
	return PackageWithBody(md, []byte("package "+md.Name+"\n"), s)
}

// PackageWithBody builds an RPM whose one file holds body (use random bytes
// for a package of about that size), signed by s (unsigned when nil).
func PackageWithBody(md rpmpack.RPMMetaData, body []byte, s Signer) ([]byte, error) {
	if md.Arch == "" {
		md.Arch = "noarch"
	}
	if md.BuildTime.IsZero() {
		md.BuildTime = time.Unix(1546300800, 0)
	}
	r, err := rpmpack.NewRPM(md)
	if err != nil {
		return nil, fmt.Errorf("building %s: %w", md.Name, err)
	}
	r.AddFile(rpmpack.RPMFile{Name: "/usr/share/" + md.Name + "/README", Body: body, Mode: 0o100644, Owner: "root", Group: "root"})
	if s != nil {
		r.SetPGPSigner(s)
	}
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		return nil, fmt.Errorf("writing %s: %w", md.Name, err)
	}
	return b.Bytes(), nil
}

var (
	pairOnce sync.Once
	pair     [2]*Key
	pairErr  error
)

// Pair returns two keys generated once per process (key generation is
// slow): tests pin the first and use the second as a stranger's.
func Pair() (pinned, stranger *Key, err error) {
	pairOnce.Do(func() {
		for i := range pair {
			if pair[i], pairErr = NewKey(time.Unix(1546300800, 0)); pairErr != nil {
				return
			}
		}
	})
	return pair[0], pair[1], pairErr
}
