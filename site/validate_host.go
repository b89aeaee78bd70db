package site

import (
	"fmt"
	"net/netip"
	"strings"
)

func lower(s string) string { return strings.ToLower(s) }

// host checks one host: its name, roles, disks and interfaces, and that
// its roles have the interfaces they need.
func (v *validator) host(i int) {
	h := &v.s.Hosts[i]
	p := fmt.Sprintf("hosts[%d]", i)
	if n := len(h.Name) + 1 + len(v.s.Domain); v.text(p+".name", h.Name, hostRule) && n > 253 {
		v.errorf(p+".name", "with the domain, the FQDN is %d characters long; expected at most 253: a shorter host name or domain", n)
	}
	v.roles(p, h)
	v.text(p+".disk", h.Disk, diskRule)
	v.cinderDisk(p, h)
	v.interfaces(p, h)
	v.needs(p, h)
}

func (v *validator) roles(p string, h *Host) {
	if len(h.Roles) == 0 {
		v.missing(p+".roles", "a list of roles from controller, network, compute and block")
		return
	}
	seen := map[Role]bool{}
	for j, r := range h.Roles {
		rp := fmt.Sprintf("%s.roles[%d]", p, j)
		switch {
		case r != Controller && r != Network && r != Compute && r != Block:
			v.errorf(rp, "unknown role %s; expected controller, network, compute or block", quote(string(r)))
		case seen[r]:
			v.errorf(rp, "role %s is listed twice; expected it once", r)
		}
		seen[r] = true
	}
}

func (v *validator) cinderDisk(p string, h *Host) {
	path := p + ".cinder_disk"
	switch {
	case h.Has(Block) && h.CinderDisk == "":
		v.missing(path, "the disk for the cinder-volumes volume group, such as sdb, since this host has the block role")
	case !h.Has(Block) && h.CinderDisk != "":
		v.errorf(path, "only a block host has a cinder disk; expected no cinder_disk, or the block role in roles")
	case h.CinderDisk != "" && h.CinderDisk == h.Disk:
		v.errorf(path, "%s is also the install disk; expected another disk for the cinder-volumes volume group", quote(h.CinderDisk))
	default:
		v.optText(path, h.CinderDisk, diskRule)
	}
}

// interfaces checks each interface, and that the host has exactly one
// management interface and at most one of each other network.
func (v *validator) interfaces(p string, h *Host) {
	first := map[string]int{}
	names := map[string]int{}
	for j := range h.Interfaces {
		ip := fmt.Sprintf("%s.interfaces[%d]", p, j)
		ifc := &h.Interfaces[j]
		v.iface(ip, ifc)
		v.once(ip+".name", names, ifc.Name, j, "interface name %s is used by %s.interfaces[%d] too; expected each NIC once", quote(ifc.Name), p)
		v.once(ip+".network", first, ifc.Network, j, "a second %s interface (%s.interfaces[%d] is one); expected one per host", ifc.Network, p)
	}
	if _, ok := first[NetManagement]; !ok {
		v.errorf(p+".interfaces", "no management interface; expected exactly one interface with network: management")
	}
}

// once records key at index j in seen, or reports that an earlier index
// has it; format takes the args then that index.
func (v *validator) once(path string, seen map[string]int, key string, j int, format string, args ...any) {
	if key == "" {
		return
	}
	if k, ok := seen[key]; ok {
		v.errorf(path, format, append(args, k)...)
		return
	}
	seen[key] = j
}

// iface checks one interface's fields.
func (v *validator) iface(ip string, ifc *Interface) {
	v.text(ip+".name", ifc.Name, ifnameRule)
	if ifc.MAC != "" && !macRe.MatchString(ifc.MAC) {
		v.errorf(ip+".mac", "%s is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C", quote(ifc.MAC))
	}
	switch ifc.Network {
	case NetManagement:
		v.address(ip, ifc, v.mgmt)
	case NetOverlay:
		v.overlayIface(ip, ifc)
	case NetProvider:
		if ifc.Address != "" {
			v.errorf(ip+".address", "a provider interface has no address (the guide brings it up with BOOTPROTO=none); expected no address")
		}
	case "":
		v.missing(ip+".network", "management, overlay or provider")
	default:
		v.errorf(ip+".network", "unknown network %s; expected management, overlay or provider", quote(ifc.Network))
	}
}

func (v *validator) overlayIface(ip string, ifc *Interface) {
	if v.s.Networks.Overlay.CIDR == "" {
		v.errorf(ip+".network", "an overlay interface needs networks.overlay.cidr; expected that cidr set, or no overlay interface to run the overlay over management")
		return
	}
	v.address(ip, ifc, v.overlay)
}

// address checks a management or overlay interface's address against
// its network's prefix p (when that is itself valid).
func (v *validator) address(ip string, ifc *Interface, p netip.Prefix) {
	expect := "an IPv4 address such as 192.168.222.5"
	if p.IsValid() {
		expect = fmt.Sprintf("this interface's IPv4 address in the %s network %s", ifc.Network, p)
	}
	if a, ok := v.ipv4(ip+".address", ifc.Address, expect); ok && p.IsValid() {
		v.inside(ip+".address", a, p, ifc.Network)
	}
}

// needs checks that the host's roles have the interfaces they use: the
// L3/DHCP agents bridge the provider network, and with a separate overlay
// network every host with an L2 agent needs a tunnel endpoint on it.
func (v *validator) needs(p string, h *Host) {
	if v.s.RunsNetworkAgents(h) && h.Interface(NetProvider) == nil {
		v.errorf(p+".interfaces", "no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents")
	}
	if v.overlay.IsValid() && v.s.RunsL2Agent(h) && h.Interface(NetOverlay) == nil {
		v.errorf(p+".interfaces", "no overlay interface; expected one on networks.overlay.cidr %s, since this host runs the %s agent", v.overlay, v.driverName())
	}
}

func (v *validator) driverName() string {
	if v.s.Neutron.Driver == OpenVSwitch {
		return "Open vSwitch"
	}
	return "Linux bridge"
}
