package sig

import (
	"crypto/md5"  //nolint:gosec // RPM's header+payload digest is MD5; checked, not trusted alone
	"crypto/sha1" //nolint:gosec // RPM's header digest is SHA-1; checked, not trusted alone
	"crypto/sha256"
	_ "crypto/sha512" // registers SHA-384/512 for signatures that use them
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// Errors Verify returns, checked with errors.Is. An unknown key is an
// *UnknownKeyError, which also matches ErrUnknownKey.
var (
	ErrUnsigned       = errors.New("sig: package is not signed")
	ErrUnknownKey     = errors.New("sig: signed with a key that is not pinned")
	ErrDigestMismatch = errors.New("sig: digest mismatch")
)

// UnknownKeyError names the key a package is signed with that the keyring
// does not hold.
type UnknownKeyError struct {
	KeyID uint64
	Kind  string // e.g. "V3 RSA/SHA256"
}

func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("sig: %s signature with key ID %016X, which is not pinned", e.Kind, e.KeyID)
}

// Is makes errors.Is(err, ErrUnknownKey) true.
func (e *UnknownKeyError) Is(target error) bool { return target == ErrUnknownKey }

// Result describes a package that verified.
type Result struct {
	KeyID   uint64 // the signer's key ID; 0 when only digests were checked
	KeyName string // the name the key was added to the keyring under
	Kind    string // the signature kind, e.g. "V3 RSA/SHA256"
	Checked []string
}

// check is one thing computed over a region of the file and then tested.
type check struct {
	name    string
	payload bool // covers header+payload; otherwise the header only
	h       hash.Hash
	done    func(h hash.Hash) error
}

// Verify reads a whole RPM package from r and checks every digest of its
// signature header (header SHA-1 and SHA-256, header+payload MD5 and size)
// and every OpenPGP signature (header-only RSA/DSA, header+payload PGP/GPG)
// against kr. A package must carry at least one signature, made by a key
// in kr. With kr == nil only the digests are checked (a repo that opted out
// of signature checks).
func Verify(r io.Reader, kr *Keyring) (Result, error) {
	if err := readLead(r); err != nil {
		return Result{}, err
	}
	sh, err := readSigHeader(r)
	if err != nil {
		return Result{}, err
	}
	checks, err := digestChecks(sh)
	if err != nil {
		return Result{}, err
	}
	sigs, res, err := sigChecks(sh, kr)
	if err != nil {
		return Result{}, err
	}
	if err := run(r, sh, append(checks, sigs...)); err != nil {
		return Result{}, err
	}
	for _, c := range append(checks, sigs...) {
		res.Checked = append(res.Checked, c.name)
	}
	return res, nil
}

// digestChecks returns the digest checks the signature header asks for.
func digestChecks(sh sigHeader) ([]check, error) {
	var cs []check
	for _, d := range []struct {
		tag     uint32
		name    string
		payload bool
		new     func() hash.Hash
	}{{tagSHA1, "header SHA1", false, sha1.New}, {tagSHA256, "header SHA256", false, sha256.New}} {
		want, err := sh.str(d.tag)
		if err != nil || want == "" {
			if err != nil {
				return nil, err
			}
			continue
		}
		cs = append(cs, digestCheck(d.name, d.payload, d.new(), want))
	}
	md, err := sh.bin(tagMD5)
	if err != nil {
		return nil, err
	}
	if md != nil {
		cs = append(cs, digestCheck("MD5", true, md5.New(), hex.EncodeToString(md))) //nolint:gosec // rpm's MD5 tag, checked like rpm -K; trust comes from the signatures
	}
	return cs, nil
}

// digestCheck compares a hash's hex value with want.
func digestCheck(name string, payload bool, h hash.Hash, want string) check {
	return check{name: name + " digest", payload: payload, h: h, done: func(h hash.Hash) error {
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			return fmt.Errorf("%w: %s is %s, signature header says %s", ErrDigestMismatch, name, got, want)
		}
		return nil
	}}
}

// sigTags lists the signature tags and whether each covers the payload.
var sigTags = []struct {
	tag     uint32
	payload bool
}{{tagRSAHeader, false}, {tagDSAHeader, false}, {tagPGP, true}, {tagGPG, true}}

// sigChecks decodes the OpenPGP signatures and looks up their keys.
func sigChecks(sh sigHeader, kr *Keyring) ([]check, Result, error) {
	var cs []check
	var res Result
	for _, t := range sigTags {
		raw, err := sh.bin(t.tag)
		if err != nil || raw == nil {
			if err != nil {
				return nil, res, err
			}
			continue
		}
		if kr == nil {
			continue
		}
		c, r, err := sigCheck(raw, t.payload, kr)
		if err != nil {
			return nil, res, err
		}
		cs, res = append(cs, c), r
	}
	if kr != nil && len(cs) == 0 {
		return nil, res, ErrUnsigned
	}
	return cs, res, nil
}

// sigCheck builds the check for one signature packet.
func sigCheck(raw []byte, payload bool, kr *Keyring) (check, Result, error) {
	s, err := parseSig(raw)
	if err != nil {
		return check{}, Result{}, err
	}
	pk, name, ok := kr.Lookup(s.KeyID)
	if !ok {
		return check{}, Result{}, &UnknownKeyError{KeyID: s.KeyID, Kind: s.String()}
	}
	h, err := s.newHash()
	if err != nil {
		return check{}, Result{}, err
	}
	region := "header"
	if payload {
		region = "header+payload"
	}
	c := check{name: region + " " + s.String() + " signature", payload: payload, h: h,
		done: func(h hash.Hash) error { return s.verify(h, pk) }}
	return c, Result{KeyID: s.KeyID, KeyName: name, Kind: s.String()}, nil
}

// run streams the header and payload through the checks, checks the size
// the signature header records, then finishes every check.
func run(r io.Reader, sh sigHeader, cs []check) error {
	var hdrW, allW []io.Writer
	for _, c := range cs {
		if c.payload {
			allW = append(allW, c.h)
		} else {
			hdrW = append(hdrW, c.h)
		}
	}
	n, err := stream(r, io.MultiWriter(hdrW...), io.MultiWriter(allW...))
	if err != nil {
		return err
	}
	if want, err := sh.size(); err != nil || (want >= 0 && want != n) {
		if err != nil {
			return err
		}
		return fmt.Errorf("%w: header+payload is %d bytes, signature header says %d", ErrDigestMismatch, n, want)
	}
	return finish(cs)
}

// stream copies the main header to hdr and all, then the payload to all
// (hdr and all are disjoint sets of hashes),
// and returns the number of header+payload bytes.
func stream(r io.Reader, hdr, all io.Writer) (int64, error) {
	var ib [introSize]byte
	if _, err := io.ReadFull(r, ib[:]); err != nil {
		return 0, fmt.Errorf("%w: reading header: %w", ErrMalformed, err)
	}
	in, err := parseIntro(ib[:], maxHdrData)
	if err != nil {
		return 0, err
	}
	body, err := readBody(r, in.size()-introSize)
	if err != nil {
		return 0, fmt.Errorf("%w: reading header: %w", ErrMalformed, err)
	}
	if err := checkRegion(in, body); err != nil {
		return 0, err
	}
	both := io.MultiWriter(hdr, all)
	_, _ = both.Write(ib[:]) // hashes never fail
	_, _ = both.Write(body)
	n, err := io.Copy(all, r)
	if err != nil {
		return 0, fmt.Errorf("reading payload: %w", err)
	}
	return in.size() + n, nil
}

// readBody reads n bytes, growing its buffer with what arrives rather
// than allocating what a header claims.
func readBody(r io.Reader, n int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, n))
	if err == nil && int64(len(b)) != n {
		err = io.ErrUnexpectedEOF
	}
	return b, err
}

// checkRegion refuses a header with entries outside its immutable region
// (RPMTAG_HEADERIMMUTABLE), as rpm does ("region 63: tag number
// mismatch"): the header-only digests and signatures cover the region, so
// such entries would be unverified. A header without a region (older than
// rpm 4.0) is hashed whole.
func checkRegion(in intro, body []byte) error {
	index, data := body[:in.nindex*entrySize], body[in.nindex*entrySize:]
	if in.nindex == 0 || binary.BigEndian.Uint32(index[0:4]) != tagImmutable {
		return nil
	}
	off := binary.BigEndian.Uint32(index[8:12])
	if uint64(off)+entrySize > uint64(len(data)) {
		return fmt.Errorf("%w: immutable region trailer at %d beyond the data (%d bytes)", ErrMalformed, off, len(data))
	}
	trailer := int32(binary.BigEndian.Uint32(data[off+8 : off+12]))
	ril, rdl := -int64(trailer)/entrySize, int64(off)+entrySize
	if trailer >= 0 || ril != int64(in.nindex) || rdl != int64(in.hsize) {
		return fmt.Errorf("%w: header has %d entries and %d bytes, its immutable region %d and %d", ErrMalformed, in.nindex, in.hsize, ril, rdl)
	}
	return nil
}

// finish runs every check's final test; digests come first so a damaged
// file reports a digest mismatch rather than a bad signature.
func finish(cs []check) error {
	var errs []error
	for _, c := range cs {
		if err := c.done(c.h); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
