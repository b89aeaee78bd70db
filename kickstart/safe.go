package kickstart

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/rockyiso/rockyiso/site"
)

// safeValue is what may stand unquoted in a kickstart command line:
// pykickstart splits lines like a shell (shlex), so spaces, quotes, '#'
// and backslashes would change the meaning of a line.
var safeValue = regexp.MustCompile(`^[A-Za-z0-9._:/+,=@%-]*$`)

func safe(s string) bool { return safeValue.MatchString(s) }

// cryptHash is the form of a crypt(3) hash rootpw --iscrypted takes:
// $id$salt$hash, optionally with $rounds=N$.
var cryptHash = regexp.MustCompile(`^\$[0-9a-z]+\$[./0-9A-Za-z$=]+$`)

// ErrRootPassword is returned for a missing or malformed root hash.
var ErrRootPassword = errors.New("kickstart: bad root password hash")

func checkRootHash(h string) error {
	if h == "" {
		return fmt.Errorf("%w: none given (the site's secrets keep it as ROOT_PASS_SHA512; run `rockyiso secrets init`)", ErrRootPassword)
	}
	if !cryptHash.MatchString(h) {
		return fmt.Errorf("%w: not a crypt(3) hash such as $6$salt$hash", ErrRootPassword)
	}
	return nil
}

// checkSite refuses any site value that would not stand safely unquoted
// on a kickstart line. The site package validates the same; this is the
// kickstart's own guard, naming the field.
func checkSite(s *site.Site) error {
	vals := map[string]string{"name": s.Name, "domain": s.Domain, "timezone": s.Timezone,
		"networks.management.cidr":    s.Networks.Management.CIDR,
		"networks.management.gateway": s.Networks.Management.Gateway,
		"networks.overlay.cidr":       s.Networks.Overlay.CIDR}
	for i, v := range s.NTP {
		vals[fmt.Sprintf("ntp[%d]", i)] = v
	}
	for i, v := range s.DNS {
		vals[fmt.Sprintf("dns[%d]", i)] = v
	}
	for i := range s.Hosts {
		hostValues(vals, i, &s.Hosts[i])
	}
	for _, field := range slices.Sorted(maps.Keys(vals)) {
		if v := vals[field]; !safe(v) {
			return fmt.Errorf("%w: %s: %q cannot be written into a kickstart line", ErrUnsafe, field, v)
		}
	}
	return nil
}

func hostValues(vals map[string]string, i int, h *site.Host) {
	p := fmt.Sprintf("hosts[%d].", i)
	vals[p+"name"], vals[p+"disk"], vals[p+"cinder_disk"] = h.Name, h.Disk, h.CinderDisk
	for j, n := range h.Interfaces {
		q := fmt.Sprintf("%sinterfaces[%d].", p, j)
		vals[q+"name"], vals[q+"mac"], vals[q+"address"] = n.Name, n.MAC, n.Address
	}
}
