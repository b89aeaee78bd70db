package site

import (
	"slices"
)

// basePackages go on every node: the guide's "[All Node]" step, less
// centos-release-openstack-rocky, whose online repo files an air-gapped
// node must not have.
var basePackages = []string{
	"chrony",
	"firewalld",
	"openstack-selinux",
	"python-openstackclient",
}

// rolePackages is the one list of packages per role, from the reference
// guide (and the official Rocky guide for Cinder). The kickstarts install
// it and the mirror resolves its closure.
var rolePackages = map[Role][]string{
	Controller: {
		"mariadb", "mariadb-server", "python2-PyMySQL",
		"rabbitmq-server",
		"memcached", "python-memcached",
		"etcd",
		"openstack-keystone", "httpd", "mod_wsgi",
		"openstack-glance",
		"openstack-nova-api", "openstack-nova-conductor", "openstack-nova-console",
		"openstack-nova-novncproxy", "openstack-nova-scheduler", "openstack-nova-placement-api",
		"openstack-neutron", "openstack-neutron-ml2",
		"openstack-dashboard",
	},
	Network: {
		"openstack-neutron", "openstack-neutron-ml2", "ebtables", "ipset",
	},
	Compute: {
		"openstack-nova-compute", "ebtables", "ipset",
	},
	Block: {
		"lvm2", "device-mapper-persistent-data", "openstack-cinder", "targetcli", "python-keystone",
	},
}

// l2AgentPackage is the package of each driver's L2 agent.
var l2AgentPackage = map[string]string{
	LinuxBridge: "openstack-neutron-linuxbridge",
	OpenVSwitch: "openstack-neutron-openvswitch",
}

// RolePackages returns the packages a host with role r installs under the
// given Neutron driver, sorted and without duplicates. It does not include
// the @core group, which every kickstart and the mirror add themselves.
func RolePackages(r Role, driver string) []string {
	pkgs := slices.Clone(basePackages)
	pkgs = append(pkgs, rolePackages[r]...)
	if r == Network || r == Compute {
		pkgs = append(pkgs, l2AgentPackage[driver])
	}
	slices.Sort(pkgs)
	return slices.Compact(pkgs)
}

// Packages returns what host h of site s installs: the packages of each of
// its roles, plus the controller's extras that depend on the rest of the
// site (Cinder's API when there is a block node, the network agents when
// there is no network node).
func (s *Site) Packages(h *Host) []string {
	var pkgs []string
	for _, r := range h.Roles {
		pkgs = append(pkgs, RolePackages(r, s.Neutron.Driver)...)
	}
	if h.Has(Controller) && s.HasBlock() {
		pkgs = append(pkgs, "openstack-cinder")
	}
	if s.RunsL2Agent(h) {
		pkgs = append(pkgs, l2AgentPackage[s.Neutron.Driver], "ebtables", "ipset")
	}
	slices.Sort(pkgs)
	return slices.Compact(pkgs)
}

// AllPackages returns the union of the packages every role could need
// under either driver: what a mirror holds so that any host of any site
// can be installed from it.
func AllPackages() []string {
	var pkgs []string
	for _, r := range Roles {
		for _, d := range []string{LinuxBridge, OpenVSwitch} {
			pkgs = append(pkgs, RolePackages(r, d)...)
		}
	}
	pkgs = append(pkgs, "openstack-cinder", l2AgentPackage[LinuxBridge], l2AgentPackage[OpenVSwitch])
	slices.Sort(pkgs)
	return slices.Compact(pkgs)
}

// Port is one firewalld port, e.g. {"5000", "tcp"}; Num may be a range.
type Port struct {
	Num   string
	Proto string
}

// String is the firewalld form, "5000/tcp".
func (p Port) String() string { return p.Num + "/" + p.Proto }

// rolePorts are the ports each role's services listen on.
var rolePorts = map[Role][]Port{
	Controller: {
		{"80", "tcp"}, {"123", "udp"}, {"2379", "tcp"}, {"2380", "tcp"},
		{"3306", "tcp"}, {"5000", "tcp"}, {"5672", "tcp"}, {"6080", "tcp"},
		{"8774", "tcp"}, {"8775", "tcp"}, {"8778", "tcp"}, {"9191", "tcp"},
		{"9292", "tcp"}, {"9696", "tcp"}, {"11211", "tcp"},
	},
	Network: {{"4789", "udp"}},
	Compute: {{"4789", "udp"}, {"5900-5999", "tcp"}, {"16509", "tcp"}},
	Block:   {{"3260", "tcp"}},
}

// Ports returns the firewalld ports host h opens, sorted, besides ssh.
func (s *Site) Ports(h *Host) []Port {
	var ps []Port
	for _, r := range h.Roles {
		ps = append(ps, rolePorts[r]...)
	}
	if h.Has(Controller) && s.HasBlock() {
		ps = append(ps, Port{"8776", "tcp"})
	}
	if s.RunsL2Agent(h) {
		ps = append(ps, Port{"4789", "udp"})
	}
	slices.SortFunc(ps, func(a, b Port) int {
		if c := cmpPortNum(a.Num, b.Num); c != 0 {
			return c
		}
		return stringsCompare(a.Proto, b.Proto)
	})
	return slices.Compact(ps)
}
