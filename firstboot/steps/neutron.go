package steps

import (
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// neutronAgent is neutron.conf as every node with a Neutron agent has it;
// with Open vSwitch the guide leaves lock_path out.
func (b *builder) neutronAgent() []kv {
	kvs := []kv{
		set("DEFAULT", "transport_url", b.transportURL()),
		set("DEFAULT", "auth_strategy", "keystone"),
	}
	kvs = append(kvs, b.authtoken("neutron", b.secret(site.NeutronPass), true, false, "default")...)
	if b.ovs() {
		return append(kvs, unset("oslo_concurrency", "lock_path"))
	}
	return append(kvs, set("oslo_concurrency", "lock_path", "/var/lib/neutron/tmp"))
}

// neutronServer: the database, user, service and endpoints, neutron.conf
// and ml2_conf.ini of the controller, nova.conf's [neutron] with the
// metadata proxy, the schema, and neutron-server.
func (b *builder) neutronServer() Step {
	dbpass := b.secret(site.NeutronDBPass)
	as := []Action{database("neutron", "neutron", dbpass)}
	as = append(as, b.serviceIdentity("neutron", b.secret(site.NeutronPass),
		endpoint{Service{Name: "neutron", Type: "network", Description: "OpenStack Networking"}, b.url("9696")}))
	conf := append([]kv{
		set("database", "connection", b.dbURL("neutron", dbpass, "neutron")),
		set("DEFAULT", "core_plugin", "ml2"),
		set("DEFAULT", "service_plugins", "router"),
		set("DEFAULT", "allow_overlapping_ips", "true"),
		set("DEFAULT", "notify_nova_on_port_status_changes", "true"),
		set("DEFAULT", "notify_nova_on_port_data_changes", "true"),
		set("nova", "auth_url", b.url("5000")),
		set("nova", "auth_type", "password"),
		set("nova", "project_domain_name", "default"),
		set("nova", "user_domain_name", "default"),
		set("nova", "region_name", b.site.Region),
		set("nova", "project_name", "service"),
		set("nova", "username", "nova"),
		set("nova", "password", b.secret(site.NovaPass)),
	}, b.neutronAgent()...)
	nova := append(b.novaNeutron(),
		set("neutron", "service_metadata_proxy", "true"),
		set("neutron", "metadata_proxy_shared_secret", b.secret(site.MetadataSecret)))
	as = append(as,
		iniFile(host.NeutronConf, serviceOwner("neutron"), conf...),
		iniFile(host.ML2Conf, serviceOwner("neutron"), b.ml2()...),
		&link{target: host.ML2Conf, link: host.PluginIni},
		iniFile(host.NovaConf, serviceOwner("nova"), nova...),
		runAlways(asUser("neutron", host.NeutronDBMgr+" --config-file "+host.NeutronConf+
			" --config-file "+host.ML2Conf+" upgrade head")),
		restart("openstack-nova-api.service"),
		restart("neutron-server.service"))
	return newStep("neutron-server", as...)
}

func (b *builder) ml2() []kv {
	mech := "linuxbridge,l2population"
	if b.ovs() {
		mech = "openvswitch,l2population"
	}
	return []kv{
		set("ml2", "type_drivers", "flat,vlan,vxlan"),
		set("ml2", "tenant_network_types", "vxlan"),
		set("ml2", "mechanism_drivers", mech),
		set("ml2", "extension_drivers", "port_security"),
		set("ml2_type_flat", "flat_networks", b.site.Networks.Provider.Physnet),
		set("ml2_type_vxlan", "vni_ranges", b.site.Networks.Overlay.VNIRange),
		set("securitygroup", "enable_ipset", "true"),
	}
}

// l2Agent is the Linux bridge or Open vSwitch agent's ini with this node's
// tunnel address, and for Open vSwitch the br-ex bridge with the provider
// interface as its port.
func (b *builder) l2Agent() []Action {
	physnet, nic := b.site.Networks.Provider.Physnet, b.self.ProviderInterface()
	if !b.ovs() {
		mapping := set("linux_bridge", "physical_interface_mappings", physnet+":"+nic)
		if nic == "" {
			mapping = unset("linux_bridge", "physical_interface_mappings")
		}
		return []Action{iniFile(host.LinuxBridgeIni, serviceOwner("neutron"), mapping,
			set("vxlan", "enable_vxlan", "true"),
			set("vxlan", "local_ip", b.self.OverlayIP()),
			set("vxlan", "l2_population", "true"),
			set("securitygroup", "enable_security_group", "true"),
			set("securitygroup", "firewall_driver", "neutron.agent.linux.iptables_firewall.IptablesFirewallDriver"))}
	}
	as := []Action{
		iniFile(host.OpenVSwitchIni, serviceOwner("neutron"),
			set("agent", "tunnel_types", "vxlan"),
			set("agent", "l2_population", "True"),
			set("agent", "prevent_arp_spoofing", "True"),
			set("ovs", "local_ip", b.self.OverlayIP()),
			set("ovs", "bridge_mappings", physnet+":br-ex"),
			set("securitygroup", "enable_security_group", "True"),
			set("securitygroup", "firewall_driver", "neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver")),
		enable("openvswitch.service"),
		run(cmd(host.OVSVsctl, "add-br", "br-ex"), cmd(host.OVSVsctl, "br-exists", "br-ex")),
	}
	if nic != "" {
		as = append(as, run(cmd(host.OVSVsctl, "add-port", "br-ex", nic), cmd(host.OVSVsctl, "port-to-br", nic)))
	}
	return as
}

func (b *builder) l2Service() string {
	if b.ovs() {
		return "neutron-openvswitch-agent.service"
	}
	return "neutron-linuxbridge-agent.service"
}

// networkAgents: the L2, L3, DHCP and metadata agents of a network node,
// or of the controller when the site has no network node.
func (b *builder) networkAgents() Step {
	l3, dhcp := "neutron.agent.linux.interface.BridgeInterfaceDriver", "linuxbridge"
	if b.ovs() {
		l3 = "neutron.agent.linux.interface.OVSInterfaceDriver"
		dhcp = l3
	}
	var as []Action
	if !b.self.Has(site.Controller) {
		as = append(as, iniFile(host.NeutronConf, serviceOwner("neutron"), b.neutronAgent()...))
	}
	as = append(as, b.l2Agent()...)
	as = append(as,
		iniFile(host.L3AgentIni, serviceOwner("neutron"), set("DEFAULT", "interface_driver", l3)),
		iniFile(host.DHCPAgentIni, serviceOwner("neutron"),
			set("DEFAULT", "interface_driver", dhcp),
			set("DEFAULT", "dhcp_driver", "neutron.agent.linux.dhcp.Dnsmasq"),
			set("DEFAULT", "enable_isolated_metadata", "true")),
		iniFile(host.MetadataAgentIni, serviceOwner("neutron"),
			set("DEFAULT", "nova_metadata_host", b.ctrl),
			set("DEFAULT", "metadata_proxy_shared_secret", b.secret(site.MetadataSecret))),
		restart(b.l2Service(), "neutron-dhcp-agent.service", "neutron-metadata-agent.service", "neutron-l3-agent.service"))
	return newStep("network-agents", as...)
}

// neutronCompute: neutron.conf and the L2 agent on a compute node, and
// nova.conf's [neutron]; then nova-compute restarts.
func (b *builder) neutronCompute() Step {
	as := []Action{iniFile(host.NeutronConf, serviceOwner("neutron"), b.neutronAgent()...)}
	as = append(as, b.l2Agent()...)
	as = append(as,
		iniFile(host.NovaConf, serviceOwner("nova"), b.novaNeutron()...),
		restart(b.l2Service()),
		restart("libvirtd.service", "openstack-nova-compute.service"))
	return newStep("neutron-compute", as...)
}
