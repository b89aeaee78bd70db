package site

import (
	"fmt"
	"net/netip"
	"slices"
)

// validator checks a site against the guide's design and collects every
// problem, each at the position of the value it is about (or, for a
// missing value, of the mapping that should hold it).
type validator struct {
	s    *Site
	file string
	pos  map[string]pos  // nil for a site built in memory
	bad  map[string]bool // paths the decoder already rejected
	errs ErrorList
	// mgmt and overlay are the networks' prefixes, when valid.
	mgmt, overlay netip.Prefix
}

// Validate checks s, a site built in memory, against the rules Parse
// applies; its errors carry field paths but no file positions.
func (s *Site) Validate() error {
	v := &validator{s: s}
	v.site()
	return v.errs.asError()
}

func (v *validator) errorf(path, format string, args ...any) {
	if v.rejected(path) {
		return
	}
	p := v.at(path)
	v.errs = append(v.errs, &Error{File: v.file, Line: p.line, Column: p.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// at is the position of path, or of its nearest parent in the file.
func (v *validator) at(path string) pos {
	for v.pos != nil {
		if p, ok := v.pos[path]; ok || path == "" {
			return p
		}
		path = parent(path)
	}
	return pos{}
}

// rejected reports whether the decoder rejected path or a parent of it.
func (v *validator) rejected(path string) bool {
	for !v.bad[path] {
		if path == "" {
			return false
		}
		path = parent(path)
	}
	return true
}

// missing reports an empty required value.
func (v *validator) missing(path, expect string) {
	word := "missing"
	if _, ok := v.pos[path]; ok {
		word = "empty"
	}
	v.errorf(path, "%s; expected %s", word, expect)
}

// text checks a required free-form string: characters, then form.
func (v *validator) text(path, val string, r textRule) bool {
	if val == "" {
		v.missing(path, r.expect)
		return false
	}
	return v.optText(path, val, r)
}

// optText checks a free-form string that may be empty.
func (v *validator) optText(path, val string, r textRule) bool {
	if val == "" {
		return true
	}
	if c, bad := r.chars.badRune(val); bad {
		v.errorf(path, "character %q is not allowed in %s; expected %s", c, r.what, r.chars.desc)
		return false
	}
	if !r.valid(val) {
		v.errorf(path, "%s is not %s; expected %s", quote(val), r.what, r.expect)
		return false
	}
	return true
}

func (v *validator) site() {
	s := v.s
	if s.Version != Version {
		v.version()
	}
	v.text("name", s.Name, siteNameRule)
	v.text("domain", s.Domain, domainRule)
	v.optText("region", s.Region, regionRule)
	v.optText("timezone", s.Timezone, tzRule)
	for i, n := range s.NTP {
		v.text(fmt.Sprintf("ntp[%d]", i), n, ntpRule)
	}
	for i, n := range s.DNS {
		v.text(fmt.Sprintf("dns[%d]", i), n, dnsRule)
	}
	v.driver()
	v.networks()
	v.hosts()
}

func (v *validator) version() {
	if v.s.Version == 0 {
		v.missing("version", "1, the site file format's version")
		return
	}
	v.errorf("version", "%d is not supported; expected %d", v.s.Version, Version)
}

func (v *validator) driver() {
	switch d := v.s.Neutron.Driver; d {
	case LinuxBridge, OpenVSwitch, "":
	default:
		v.errorf("neutron.driver", "unknown driver %s; expected %s or %s", quote(d), LinuxBridge, OpenVSwitch)
	}
}

func (v *validator) networks() {
	n := &v.s.Networks
	v.mgmt = v.prefix("networks.management.cidr", n.Management.CIDR, true)
	if v.mgmt.IsValid() {
		v.gateway()
	}
	v.overlay = v.prefix("networks.overlay.cidr", n.Overlay.CIDR, false)
	if v.overlay.IsValid() && v.mgmt.IsValid() && v.overlay.Overlaps(v.mgmt) {
		v.errorf("networks.overlay.cidr", "%s overlaps the management network %s; expected a separate network, or no cidr to run the overlay over management", v.overlay, v.mgmt)
	}
	if r := n.Overlay.VNIRange; r != "" {
		if _, _, ok := parseVNIRange(r); !ok {
			v.errorf("networks.overlay.vni_range", "%s is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000", quote(r))
		}
	}
	v.optText("networks.provider.physnet", n.Provider.Physnet, physnetRule)
}

// prefix checks an IPv4 network in CIDR form; it returns the zero
// Prefix for a bad or empty one.
func (v *validator) prefix(path, s string, required bool) netip.Prefix {
	const expect = "an IPv4 network in CIDR form such as 192.168.222.0/24"
	if s == "" {
		if required {
			v.missing(path, expect)
		}
		return netip.Prefix{}
	}
	p, ok := parseIPv4Prefix(s)
	switch {
	case !ok:
		v.errorf(path, "%s is not a CIDR; expected %s", quote(s), expect)
	case p.Masked() != p:
		v.errorf(path, "%s has host bits set; expected the network address, %s", quote(s), p.Masked())
	case p.Bits() > 30:
		v.errorf(path, "%s leaves no room for hosts; expected a /30 or larger network", quote(s))
	default:
		return p
	}
	return netip.Prefix{}
}

func (v *validator) gateway() {
	const path = "networks.management.gateway"
	g := v.s.Networks.Management.Gateway
	if a, ok := v.ipv4(path, g, "the management network's router, such as 192.168.222.1"); ok {
		v.inside(path, a, v.mgmt, NetManagement)
	}
}

// ipv4 checks a required IPv4 address.
func (v *validator) ipv4(path, s, expect string) (netip.Addr, bool) {
	if s == "" {
		v.missing(path, expect)
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		v.errorf(path, "%s is not an IPv4 address; expected %s", quote(s), expect)
		return netip.Addr{}, false
	}
	return a, true
}

// inside checks that a is a host address of network p.
func (v *validator) inside(path string, a netip.Addr, p netip.Prefix, net string) {
	switch {
	case !p.Contains(a):
		v.errorf(path, "%s is outside the %s network %s; expected an address in it", a, net, p)
	case a == p.Addr():
		v.errorf(path, "%s is the %s network's own address; expected a host address in %s", a, net, p)
	case a == broadcast(p):
		v.errorf(path, "%s is the %s network's broadcast address; expected a host address in %s", a, net, p)
	}
}

// hosts checks each host, then what must hold across hosts.
func (v *validator) hosts() {
	if len(v.s.Hosts) == 0 {
		v.missing("hosts", "a list of hosts, one of them the controller")
		return
	}
	for i := range v.s.Hosts {
		v.host(i)
	}
	v.controllers()
	v.uniqueNames()
	v.uniqueAddresses()
	v.uniqueMACs()
}

func (v *validator) controllers() {
	first := -1
	for i := range v.s.Hosts {
		h := &v.s.Hosts[i]
		if !h.Has(Controller) {
			continue
		}
		if first < 0 {
			first = i
			continue
		}
		v.errorf(rolePath(i, h, Controller), "a second controller (hosts[%d] is one); expected exactly one controller, the reference guide's design", first)
	}
	if first < 0 {
		v.errorf("hosts", "no host has the controller role; expected exactly one controller, the reference guide's design")
	}
}

func rolePath(i int, h *Host, r Role) string {
	return fmt.Sprintf("hosts[%d].roles[%d]", i, slices.Index(h.Roles, r))
}

// uniqueNames rejects host names used twice; names are case-insensitive
// in DNS and /etc/hosts.
func (v *validator) uniqueNames() {
	seen := map[string]int{}
	for i, h := range v.s.Hosts {
		k := lower(h.Name)
		if j, ok := seen[k]; ok && k != "" {
			v.errorf(fmt.Sprintf("hosts[%d].name", i), "duplicate host name %s (hosts[%d] has it); expected a name of its own", quote(h.Name), j)
			continue
		}
		seen[k] = i
	}
}

// uniqueAddresses rejects an address used twice, or used as the gateway.
func (v *validator) uniqueAddresses() {
	seen := map[netip.Addr]string{}
	if g, err := netip.ParseAddr(v.s.Networks.Management.Gateway); err == nil {
		seen[g] = "networks.management.gateway"
	}
	v.eachInterface(func(path string, ifc *Interface) {
		a, err := netip.ParseAddr(ifc.Address)
		if err != nil {
			return
		}
		if other, ok := seen[a]; ok {
			v.errorf(path+".address", "duplicate address %s (%s has it); expected an address of its own", a, other)
			return
		}
		seen[a] = path
	})
}

// uniqueMACs rejects a MAC address used twice, in any letter case.
func (v *validator) uniqueMACs() {
	seen := map[string]string{}
	v.eachInterface(func(path string, ifc *Interface) {
		m := lower(ifc.MAC)
		if !macRe.MatchString(m) {
			return
		}
		if other, ok := seen[m]; ok {
			v.errorf(path+".mac", "duplicate MAC address %s (%s has it); expected each NIC's own MAC", ifc.MAC, other)
			return
		}
		seen[m] = path
	})
}

func (v *validator) eachInterface(f func(path string, ifc *Interface)) {
	for i := range v.s.Hosts {
		for j := range v.s.Hosts[i].Interfaces {
			f(fmt.Sprintf("hosts[%d].interfaces[%d]", i, j), &v.s.Hosts[i].Interfaces[j])
		}
	}
}
