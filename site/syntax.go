package site

import (
	"encoding/binary"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// charset is the characters a value may hold: what can be written into a
// kickstart line or a shell word without quoting surprises.
type charset struct {
	extra string // allowed besides ASCII letters and digits
	lower bool   // letters must be lower case
	desc  string
}

var (
	labelChars = charset{extra: "-", desc: "letters, digits and '-'"}
	dnsChars   = charset{extra: "-.", desc: "letters, digits, '-' and '.'"}
	tokenChars = charset{extra: "._-", desc: "letters, digits, '.', '_' and '-'"}
	tzChars    = charset{extra: "/_+-", desc: "letters, digits, '/', '_', '+' and '-'"}
	diskChars  = charset{lower: true, desc: "lower-case letters and digits"}
	ipChars    = charset{extra: ".", desc: "digits and '.'"}
)

// badRune returns the first character of s that c does not allow.
func (c charset) badRune(s string) (rune, bool) {
	for _, r := range s {
		if !c.allows(r) {
			return r, true
		}
	}
	return 0, false
}

func (c charset) allows(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		return true
	case r >= 'A' && r <= 'Z':
		return !c.lower
	}
	return r < utf8.RuneSelf && strings.ContainsRune(c.extra, r)
}

// textRule is how a free-form string field is checked: its characters,
// then its form.
type textRule struct {
	what   string // "a host name"
	chars  charset
	valid  func(string) bool
	expect string // what a good value looks like
}

var (
	labelRe  = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	ifnameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$`)
	diskRe   = regexp.MustCompile(`^[a-z][a-z0-9]{0,31}$`)
	tokenRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	tzRe     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9][A-Za-z0-9_+-]{0,30}){0,2}$`)
	macRe    = regexp.MustCompile(`^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$`)
)

var (
	siteNameRule = textRule{"a site name", tokenChars, tokenRe.MatchString, "a short name such as lab"}
	domainRule   = textRule{"a DNS domain", dnsChars, isDNSName, "dot-separated RFC 1123 labels such as lab.local"}
	regionRule   = textRule{"a region name", tokenChars, tokenRe.MatchString, "a name such as RegionOne"}
	tzRule       = textRule{"a time zone", tzChars, tzRe.MatchString, "Area/City such as Asia/Shanghai, or UTC"}
	ntpRule      = textRule{"an NTP server", dnsChars, isHostOrIP, "a host name or IPv4 address such as ntp.aliyun.com"}
	dnsRule      = textRule{"an IPv4 address", ipChars, isIPv4, "a name server's address such as 192.168.222.2"}
	physnetRule  = textRule{"a physical network name", tokenChars, tokenRe.MatchString, "a name such as provider"}
	hostRule     = textRule{"a host name", labelChars, labelRe.MatchString, "an RFC 1123 label: 1 to 63 letters, digits or '-', not starting or ending with '-'"}
	ifnameRule   = textRule{"an interface name", tokenChars, ifnameRe.MatchString, "a Linux interface name of at most 15 characters such as ens33"}
	diskRule     = textRule{"a disk name", diskChars, diskRe.MatchString, "a device name under /dev such as sda, vda or nvme0n1"}
)

// isDNSName reports whether s is a DNS name of RFC 1123 labels.
func isDNSName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for l := range strings.SplitSeq(s, ".") {
		if !labelRe.MatchString(l) {
			return false
		}
	}
	return true
}

// isHostOrIP reports whether s is an IPv4 address or a host name; a name
// whose last label is all digits must be an IPv4 address (RFC 1123 2.1).
func isHostOrIP(s string) bool {
	last := s[strings.LastIndexByte(s, '.')+1:]
	if strings.Trim(last, "0123456789") == "" {
		return isIPv4(s)
	}
	return isDNSName(s)
}

func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// parseIPv4Prefix parses a CIDR such as 192.168.222.0/24.
func parseIPv4Prefix(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	return p, err == nil && p.Addr().Is4()
}

// broadcast is the last address of an IPv4 prefix.
func broadcast(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	binary.BigEndian.PutUint32(a[:], binary.BigEndian.Uint32(a[:])|host)
	return netip.AddrFrom4(a)
}

// parseVNIRange parses an ml2_type_vxlan vni_ranges value, "N:M".
func parseVNIRange(s string) (lo, hi int, ok bool) {
	a, b, found := strings.Cut(s, ":")
	lo, err1 := strconv.Atoi(a)
	hi, err2 := strconv.Atoi(b)
	ok = found && err1 == nil && err2 == nil && digits(a) && digits(b) &&
		lo >= 1 && lo <= hi && hi <= 1<<24-1
	return lo, hi, ok
}

func digits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// quote shows a value in an error, cut short if long.
func quote(s string) string {
	const maxRunes = 64
	if utf8.RuneCountInString(s) > maxRunes {
		s = string([]rune(s)[:maxRunes]) + "..."
	}
	return strconv.Quote(s)
}
