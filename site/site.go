// Package site defines the rockyiso site file, version 1: one YAML document
// that describes a whole OpenStack Rocky cloud on CentOS 7 (its networks,
// its hosts and their roles). Load parses it strictly and validates it;
// every other part of rockyiso (the mirror, the kickstarts, firstboot and the
// media layouts) reads the cloud only through the types of this package.
//
// The topology follows the reference guide: exactly one controller, optional
// network and block nodes, any number of compute nodes.
package site

import (
	"net/netip"
	"slices"
)

// Version is the only site file version this package reads.
const Version = 1

// Role is what a host does in the cloud.
type Role string

// The roles of the reference guide.
const (
	Controller Role = "controller"
	Network    Role = "network"
	Compute    Role = "compute"
	Block      Role = "block"
)

// Roles lists every role in the guide's order.
var Roles = []Role{Controller, Network, Compute, Block}

// Neutron drivers.
const (
	LinuxBridge = "linuxbridge"
	OpenVSwitch = "openvswitch"
)

// Network names an interface may be attached to.
const (
	NetManagement = "management"
	NetOverlay    = "overlay"
	NetProvider   = "provider"
)

// Site is one cloud.
type Site struct {
	Version  int      `yaml:"version" json:"version"`
	Name     string   `yaml:"name" json:"name"`
	Domain   string   `yaml:"domain" json:"domain"`
	Region   string   `yaml:"region" json:"region"`
	Timezone string   `yaml:"timezone" json:"timezone"`
	NTP      []string `yaml:"ntp" json:"ntp"`
	DNS      []string `yaml:"dns" json:"dns"`
	Neutron  Neutron  `yaml:"neutron" json:"neutron"`
	Networks Networks `yaml:"networks" json:"networks"`
	Hosts    []Host   `yaml:"hosts" json:"hosts"`
}

// Neutron selects the networking implementation.
type Neutron struct {
	// Driver is LinuxBridge or OpenVSwitch.
	Driver string `yaml:"driver" json:"driver"`
}

// Networks are the site's three logical networks.
type Networks struct {
	Management Management `yaml:"management" json:"management"`
	// Overlay carries the VXLAN tunnels; when CIDR is empty the tunnels
	// run over the management network.
	Overlay  Overlay  `yaml:"overlay" json:"overlay"`
	Provider Provider `yaml:"provider" json:"provider"`
}

// Management is the network every node and every API URL uses.
type Management struct {
	CIDR    string `yaml:"cidr" json:"cidr"`
	Gateway string `yaml:"gateway" json:"gateway"`
}

// Overlay is the instance tunnel network.
type Overlay struct {
	CIDR string `yaml:"cidr,omitempty" json:"cidr,omitempty"`
	// VNIRange is the ml2_type_vxlan vni_ranges value, "1:1000" by default.
	VNIRange string `yaml:"vni_range" json:"vni_range"`
}

// Provider is the flat external network the instances reach the world by.
type Provider struct {
	// Physnet is the physical network name, "provider" by default.
	Physnet string `yaml:"physnet" json:"physnet"`
}

// Host is one node of the cloud.
type Host struct {
	Name  string `yaml:"name" json:"name"`
	Roles []Role `yaml:"roles" json:"roles"`
	// Disk is the install disk (a name under /dev, e.g. sda).
	Disk string `yaml:"disk" json:"disk"`
	// CinderDisk is the disk given to the cinder-volumes volume group;
	// block nodes only.
	CinderDisk string      `yaml:"cinder_disk,omitempty" json:"cinder_disk,omitempty"`
	Interfaces []Interface `yaml:"interfaces" json:"interfaces"`
}

// Interface is one NIC of a host.
type Interface struct {
	Name string `yaml:"name" json:"name"`
	// MAC is optional; when set, a role kickstart finds the host by it.
	MAC string `yaml:"mac,omitempty" json:"mac,omitempty"`
	// Network is NetManagement, NetOverlay or NetProvider.
	Network string `yaml:"network" json:"network"`
	// Address is the static IPv4 address; the provider interface has none.
	Address string `yaml:"address,omitempty" json:"address,omitempty"`
}

// Has reports whether the host carries role r.
func (h *Host) Has(r Role) bool { return slices.Contains(h.Roles, r) }

// Interface returns the host's first interface on network n, or nil.
func (h *Host) Interface(n string) *Interface {
	for i := range h.Interfaces {
		if h.Interfaces[i].Network == n {
			return &h.Interfaces[i]
		}
	}
	return nil
}

// ManagementIP is the host's address on the management network.
func (h *Host) ManagementIP() string {
	if i := h.Interface(NetManagement); i != nil {
		return i.Address
	}
	return ""
}

// OverlayIP is the VXLAN tunnel endpoint address (local_ip): the overlay
// interface's address, or the management address when there is none.
func (h *Host) OverlayIP() string {
	if i := h.Interface(NetOverlay); i != nil && i.Address != "" {
		return i.Address
	}
	return h.ManagementIP()
}

// ProviderInterface is the name of the host's provider NIC, or "".
func (h *Host) ProviderInterface() string {
	if i := h.Interface(NetProvider); i != nil {
		return i.Name
	}
	return ""
}

// Host returns the host named name, or nil.
func (s *Site) Host(name string) *Host {
	for i := range s.Hosts {
		if s.Hosts[i].Name == name {
			return &s.Hosts[i]
		}
	}
	return nil
}

// Controller returns the site's controller host.
func (s *Site) Controller() *Host {
	return s.first(Controller)
}

func (s *Site) first(r Role) *Host {
	for i := range s.Hosts {
		if s.Hosts[i].Has(r) {
			return &s.Hosts[i]
		}
	}
	return nil
}

// HostsWith returns the hosts carrying role r, in file order.
func (s *Site) HostsWith(r Role) []*Host {
	var hs []*Host
	for i := range s.Hosts {
		if s.Hosts[i].Has(r) {
			hs = append(hs, &s.Hosts[i])
		}
	}
	return hs
}

// HasBlock reports whether any host is a block storage node, which puts
// the Cinder API and scheduler on the controller.
func (s *Site) HasBlock() bool { return s.first(Block) != nil }

// RunsNetworkAgents reports whether h runs the L3, DHCP and metadata
// agents: network nodes do, and the controller does when the site has no
// network node.
func (s *Site) RunsNetworkAgents(h *Host) bool {
	if h.Has(Network) {
		return true
	}
	return h.Has(Controller) && s.first(Network) == nil
}

// RunsL2Agent reports whether h runs the Linux bridge or Open vSwitch agent.
func (s *Site) RunsL2Agent(h *Host) bool {
	return h.Has(Compute) || s.RunsNetworkAgents(h)
}

// Prefix is the management network prefix length.
func (s *Site) Prefix(network string) netip.Prefix {
	cidr := s.Networks.Management.CIDR
	if network == NetOverlay && s.Networks.Overlay.CIDR != "" {
		cidr = s.Networks.Overlay.CIDR
	}
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

// ControllerName is the name every service URL uses for the controller
// (the guide's "controller").
func (s *Site) ControllerName() string {
	if c := s.Controller(); c != nil {
		return c.Name
	}
	return ""
}

// applyDefaults fills in the values the site file may leave out.
func (s *Site) applyDefaults() {
	if s.Region == "" {
		s.Region = "RegionOne"
	}
	if s.Timezone == "" {
		s.Timezone = "UTC"
	}
	if s.Neutron.Driver == "" {
		s.Neutron.Driver = LinuxBridge
	}
	if s.Networks.Overlay.VNIRange == "" {
		s.Networks.Overlay.VNIRange = "1:1000"
	}
	if s.Networks.Provider.Physnet == "" {
		s.Networks.Provider.Physnet = "provider"
	}
	for i := range s.Hosts {
		if s.Hosts[i].Disk == "" {
			s.Hosts[i].Disk = "sda"
		}
	}
}
