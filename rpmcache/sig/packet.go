package sig

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math/big"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// ErrBadSignature reports a signature that does not verify with its key.
var ErrBadSignature = errors.New("sig: bad signature")

// pgpSig is one decoded OpenPGP signature packet, version 3 or 4.
type pgpSig struct {
	Version int
	KeyID   uint64
	Algo    packet.PublicKeyAlgorithm
	Hash    crypto.Hash

	v4 *packet.Signature
	v3 v3Sig
}

// v3Sig holds what a version 3 packet adds to the hash and its value.
type v3Sig struct {
	suffix []byte // signature type and creation time, hashed after the data
	left16 [2]byte
	value  []byte // the RSA signature integer
}

// hashIDs maps OpenPGP hash algorithm IDs (RFC 4880 9.4) to crypto.Hash.
var hashIDs = map[byte]crypto.Hash{
	1: crypto.MD5, 2: crypto.SHA1, 8: crypto.SHA256, 9: crypto.SHA384, 10: crypto.SHA512, 11: crypto.SHA224,
}

// parseSig decodes one signature packet (header and body).
func parseSig(raw []byte) (*pgpSig, error) {
	body, err := packetBody(raw)
	if err != nil {
		return nil, err
	}
	switch body[0] {
	case 3:
		return parseV3(body)
	case 4:
		return parseV4(raw)
	}
	return nil, fmt.Errorf("%w: signature packet version %d", ErrMalformed, body[0])
}

// packetBody strips an OpenPGP packet header (old or new format) and
// checks that the packet is a signature (tag 2).
func packetBody(raw []byte) ([]byte, error) {
	if len(raw) < 2 || raw[0]&0x80 == 0 {
		return nil, fmt.Errorf("%w: not an OpenPGP packet", ErrMalformed)
	}
	var tag byte
	var n, hl int
	if raw[0]&0x40 != 0 {
		tag = raw[0] & 0x3f
		n, hl = newLength(raw[1:])
	} else {
		tag = (raw[0] & 0x3f) >> 2
		n, hl = oldLength(raw[0]&3, raw[1:])
	}
	if tag != 2 {
		return nil, fmt.Errorf("%w: OpenPGP packet tag %d, want a signature", ErrMalformed, tag)
	}
	if hl < 0 || n < 1 || 1+hl+n > len(raw) {
		return nil, fmt.Errorf("%w: bad OpenPGP packet length", ErrMalformed)
	}
	return raw[1+hl : 1+hl+n], nil
}

// newLength decodes a new-format length; it returns the body length and
// the number of length octets, or -1 octets when unsupported or short.
func newLength(b []byte) (int, int) {
	switch {
	case len(b) >= 1 && b[0] < 192:
		return int(b[0]), 1
	case len(b) >= 2 && b[0] < 224:
		return (int(b[0])-192)<<8 + int(b[1]) + 192, 2
	case len(b) >= 5 && b[0] == 255:
		return int(binary.BigEndian.Uint32(b[1:5])), 5
	}
	return 0, -1
}

// oldLength decodes an old-format length of the given length type.
func oldLength(typ byte, b []byte) (int, int) {
	switch {
	case typ == 0 && len(b) >= 1:
		return int(b[0]), 1
	case typ == 1 && len(b) >= 2:
		return int(binary.BigEndian.Uint16(b)), 2
	case typ == 2 && len(b) >= 4:
		return int(binary.BigEndian.Uint32(b)), 4
	case typ == 3:
		return len(b), 0
	}
	return 0, -1
}

// parseV3 decodes a version 3 signature body (RFC 4880 5.2.2).
func parseV3(b []byte) (*pgpSig, error) {
	if len(b) < 19+2 || b[1] != 5 {
		return nil, fmt.Errorf("%w: short version 3 signature", ErrMalformed)
	}
	h, ok := hashIDs[b[16]]
	if !ok {
		return nil, fmt.Errorf("%w: unknown hash algorithm %d", ErrMalformed, b[16])
	}
	bits := int(binary.BigEndian.Uint16(b[19:21]))
	mpi := b[21:]
	if len(mpi) < (bits+7)/8 {
		return nil, fmt.Errorf("%w: short signature value", ErrMalformed)
	}
	return &pgpSig{
		Version: 3, KeyID: binary.BigEndian.Uint64(b[7:15]),
		Algo: packet.PublicKeyAlgorithm(b[15]), Hash: h,
		v3: v3Sig{suffix: bytes.Clone(b[2:7]), left16: [2]byte{b[17], b[18]}, value: mpi[:(bits+7)/8]},
	}, nil
}

// parseV4 decodes a version 4 signature packet with go-crypto.
func parseV4(raw []byte) (*pgpSig, error) {
	p, err := packet.Read(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: reading signature packet: %w", ErrMalformed, err)
	}
	s, ok := p.(*packet.Signature)
	if !ok || s.IssuerKeyId == nil {
		return nil, fmt.Errorf("%w: signature packet without issuer key ID", ErrMalformed)
	}
	return &pgpSig{Version: 4, KeyID: *s.IssuerKeyId, Algo: s.PubKeyAlgo, Hash: s.Hash, v4: s}, nil
}

// newHash returns the hash the signed data must be written to.
func (s *pgpSig) newHash() (hash.Hash, error) {
	if s.v4 != nil {
		return s.v4.PrepareVerify()
	}
	if !s.Hash.Available() {
		return nil, fmt.Errorf("%w: hash %v unavailable", ErrMalformed, s.Hash)
	}
	return s.Hash.New(), nil
}

// verify checks the signature over what was written to h with key pk.
func (s *pgpSig) verify(h hash.Hash, pk *packet.PublicKey) error {
	if s.v4 != nil {
		if err := pk.VerifySignature(h, s.v4); err != nil {
			return fmt.Errorf("%w: %w", ErrBadSignature, err)
		}
		return nil
	}
	return s.verifyV3(h, pk)
}

// verifyV3 checks a version 3 RSA signature: the hash covers the data then
// the signature type and creation time.
func (s *pgpSig) verifyV3(h hash.Hash, pk *packet.PublicKey) error {
	rk, ok := pk.PublicKey.(*rsa.PublicKey)
	if !ok || (s.Algo != packet.PubKeyAlgoRSA && s.Algo != packet.PubKeyAlgoRSASignOnly) {
		return fmt.Errorf("%w: version 3 %s signature: only RSA is supported", ErrBadSignature, algoName(s.Algo))
	}
	h.Write(s.v3.suffix)
	sum := h.Sum(nil)
	if sum[0] != s.v3.left16[0] || sum[1] != s.v3.left16[1] {
		return fmt.Errorf("%w: digest prefix mismatch", ErrBadSignature)
	}
	v := new(big.Int).SetBytes(s.v3.value)
	if (v.BitLen()+7)/8 > rk.Size() {
		return fmt.Errorf("%w: signature longer than the key", ErrBadSignature)
	}
	val := v.FillBytes(make([]byte, rk.Size()))
	if err := rsa.VerifyPKCS1v15(rk, s.Hash, sum, val); err != nil {
		return fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	return nil
}

// algoName names a public key algorithm the way rpm -K does.
func algoName(a packet.PublicKeyAlgorithm) string {
	switch a {
	case packet.PubKeyAlgoRSA, packet.PubKeyAlgoRSASignOnly:
		return "RSA"
	case packet.PubKeyAlgoDSA:
		return "DSA"
	}
	return fmt.Sprintf("algorithm %d", a)
}

// String describes the signature like rpm -K: "V3 RSA/SHA256".
func (s *pgpSig) String() string {
	return fmt.Sprintf("V%d %s/%s", s.Version, algoName(s.Algo), hashName(s.Hash))
}

// hashName names a hash like rpm: SHA256, SHA1.
func hashName(h crypto.Hash) string {
	return map[crypto.Hash]string{crypto.MD5: "MD5", crypto.SHA1: "SHA1", crypto.SHA224: "SHA224",
		crypto.SHA256: "SHA256", crypto.SHA384: "SHA384", crypto.SHA512: "SHA512"}[h]
}
