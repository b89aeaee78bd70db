package firstboot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/firstboot/ini"
	"github.com/rockyiso/rockyiso/site"
)

// guideKeys are the reference guide's settings, file by file, as
// "section key" (and "=value" where the value is fixed): the role whose
// node writes them follows each file's name.
var guideKeys = map[string][]string{
	"controller /etc/keystone/keystone.conf": {"database connection", "token provider=fernet"},
	"controller /etc/glance/glance-api.conf": {"database connection",
		"keystone_authtoken www_authenticate_uri", "keystone_authtoken auth_url", "keystone_authtoken memcached_servers",
		"keystone_authtoken auth_type=password", "keystone_authtoken project_domain_name=Default",
		"keystone_authtoken user_domain_name=Default", "keystone_authtoken project_name=service",
		"keystone_authtoken username=glance", "keystone_authtoken password", "paste_deploy flavor=keystone",
		"glance_store stores=file,http", "glance_store default_store=file",
		"glance_store filesystem_store_datadir=/var/lib/glance/images/"},
	"controller /etc/glance/glance-registry.conf": {"database connection", "keystone_authtoken www_authenticate_uri",
		"keystone_authtoken username=glance", "paste_deploy flavor=keystone"},
	"controller /etc/nova/nova.conf": {"DEFAULT enabled_apis=osapi_compute,metadata", "DEFAULT my_ip",
		"DEFAULT use_neutron=true", "DEFAULT firewall_driver=nova.virt.firewall.NoopFirewallDriver", "DEFAULT transport_url",
		"api_database connection", "database connection", "placement_database connection", "api auth_strategy=keystone",
		"keystone_authtoken auth_url", "keystone_authtoken username=nova", "vnc enabled=true", "vnc server_listen=$my_ip",
		"vnc server_proxyclient_address=$my_ip", "glance api_servers", "oslo_concurrency lock_path=/var/lib/nova/tmp",
		"placement region_name=RegionOne", "placement username=placement", "placement password",
		"scheduler discover_hosts_in_cells_interval=300", "neutron url", "neutron password",
		"neutron service_metadata_proxy=true", "neutron metadata_proxy_shared_secret"},
	"controller /etc/neutron/neutron.conf": {"database connection", "DEFAULT core_plugin=ml2", "DEFAULT service_plugins=router",
		"DEFAULT allow_overlapping_ips=true", "DEFAULT transport_url", "DEFAULT auth_strategy=keystone",
		"DEFAULT notify_nova_on_port_status_changes=true", "DEFAULT notify_nova_on_port_data_changes=true",
		"keystone_authtoken www_authenticate_uri", "keystone_authtoken username=neutron", "nova auth_url", "nova username=nova",
		"nova password", "nova region_name=RegionOne"},
	"controller /etc/neutron/plugins/ml2/ml2_conf.ini": {"ml2 type_drivers=flat,vlan,vxlan", "ml2 tenant_network_types=vxlan",
		"ml2 mechanism_drivers", "ml2 extension_drivers=port_security", "ml2_type_flat flat_networks=provider",
		"ml2_type_vxlan vni_ranges=1:1000", "securitygroup enable_ipset=true"},
	"network /etc/neutron/l3_agent.ini":       {"DEFAULT interface_driver"},
	"network /etc/neutron/dhcp_agent.ini":     {"DEFAULT interface_driver", "DEFAULT dhcp_driver=neutron.agent.linux.dhcp.Dnsmasq", "DEFAULT enable_isolated_metadata=true"},
	"network /etc/neutron/metadata_agent.ini": {"DEFAULT nova_metadata_host=controller", "DEFAULT metadata_proxy_shared_secret"},
	"network /etc/neutron/neutron.conf":       {"DEFAULT transport_url", "keystone_authtoken password"},
	"compute /etc/nova/nova.conf": {"DEFAULT transport_url", "vnc server_listen=0.0.0.0",
		"vnc novncproxy_base_url=http://controller:6080/vnc_auto.html", "libvirt virt_type=qemu", "placement password",
		"neutron url=http://controller:9696", "neutron auth_url=http://controller:5000", "neutron username=neutron"},
	"compute /etc/neutron/neutron.conf": {"DEFAULT transport_url", "DEFAULT auth_strategy=keystone",
		"keystone_authtoken www_authenticate_uri=http://controller:5000", "keystone_authtoken memcached_servers=controller:11211",
		"keystone_authtoken project_domain_name=default", "keystone_authtoken username=neutron"},
	"block /etc/cinder/cinder.conf": {"database connection", "DEFAULT enabled_backends=lvm", "lvm volume_group=cinder-volumes",
		"lvm iscsi_helper=lioadm"},
}

// l2Keys are the L2 agents' settings, by driver, on network and compute
// nodes.
var l2Keys = map[string][]string{
	site.LinuxBridge: {"/etc/neutron/plugins/ml2/linuxbridge_agent.ini", "vxlan enable_vxlan=true", "vxlan local_ip", "vxlan l2_population=true",
		"securitygroup enable_security_group=true", "securitygroup firewall_driver=neutron.agent.linux.iptables_firewall.IptablesFirewallDriver"},
	site.OpenVSwitch: {"/etc/neutron/plugins/ml2/openvswitch_agent.ini", "agent tunnel_types=vxlan", "agent l2_population=True",
		"agent prevent_arp_spoofing=True", "ovs local_ip", "ovs bridge_mappings=provider:br-ex",
		"securitygroup enable_security_group=True", "securitygroup firewall_driver=neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver"},
}

// TestGuideKeys renders each host of the lab site and checks that the
// guide's every setting is in its files.
func TestGuideKeys(t *testing.T) {
	for _, v := range variants(t)[:2] {
		for _, h := range v.site.Hosts {
			t.Run(v.name+"/"+h.Name, func(t *testing.T) {
				e, _, _ := testEngine(t, v.site, h.Name, t.TempDir())
				if _, err := e.Render(context.Background()); err != nil {
					t.Fatal(err)
				}
				want := map[string][]string{}
				for k, keys := range guideKeys {
					role, file, _ := strings.Cut(k, " ")
					if h.Has(site.Role(role)) {
						want[file] = append(want[file], keys...)
					}
				}
				if v.site.RunsL2Agent(&h) {
					l2 := l2Keys[v.site.Neutron.Driver]
					want[l2[0]] = append(want[l2[0]], l2[1:]...)
				}
				for file, keys := range want {
					checkKeys(t, e.Root.Path(file), file, keys)
				}
			})
		}
	}
}

func checkKeys(t *testing.T, path, file string, keys []string) {
	t.Helper()
	f := ini.Parse(readOrEmpty(path))
	for _, k := range keys {
		sk, want, fixed := strings.Cut(k, "=")
		section, key, _ := strings.Cut(sk, " ")
		got, ok := f.Get(section, key)
		switch {
		case !ok:
			t.Errorf("%s: [%s] %s is not set", file, section, key)
		case fixed && got != want:
			t.Errorf("%s: [%s] %s = %q, want %q", file, section, key, got, want)
		}
	}
}
