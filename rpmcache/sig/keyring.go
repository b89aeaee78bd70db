package sig

import (
	"errors"
	"fmt"
	"io"

	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// Keyring holds pinned public keys (primary keys and subkeys) by key ID.
//
// A key is trusted because it is pinned, so self-signatures are not
// checked: the CentOS keys carry SHA-1 self-signatures that modern OpenPGP
// libraries refuse.
type Keyring struct {
	keys  map[uint64]*packet.PublicKey
	names map[uint64]string
}

// NewKeyring returns an empty keyring.
func NewKeyring() *Keyring {
	return &Keyring{keys: map[uint64]*packet.PublicKey{}, names: map[uint64]string{}}
}

// Add reads an ASCII-armored public key block and pins every public key
// (primary and subkeys) in it under name.
func (k *Keyring) Add(name string, armored io.Reader) error {
	blk, err := armor.Decode(armored)
	if err != nil {
		return fmt.Errorf("reading key %s: %w", name, err)
	}
	n, err := k.addPackets(name, packet.NewReader(blk.Body))
	if err != nil {
		return fmt.Errorf("reading key %s: %w", name, err)
	}
	if n == 0 {
		return fmt.Errorf("reading key %s: no public key in it", name)
	}
	return nil
}

// addPackets pins the public key packets of r and returns how many.
func (k *Keyring) addPackets(name string, r *packet.Reader) (int, error) {
	n := 0
	for {
		p, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if pk, ok := p.(*packet.PublicKey); ok {
			k.keys[pk.KeyId], k.names[pk.KeyId] = pk, name
			n++
		}
	}
}

// Lookup returns the key with the given ID and the name it was added as.
func (k *Keyring) Lookup(id uint64) (*packet.PublicKey, string, bool) {
	if k == nil {
		return nil, "", false
	}
	pk, ok := k.keys[id]
	return pk, k.names[id], ok
}

// IDs returns the key IDs in the keyring (order unspecified).
func (k *Keyring) IDs() []uint64 {
	ids := make([]uint64, 0, len(k.keys))
	for id := range k.keys {
		ids = append(ids, id)
	}
	return ids
}
