package steps

import (
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// novaCommon is what the guide writes in nova.conf on the controller and
// on compute nodes alike.
func (b *builder) novaCommon() []kv {
	kvs := []kv{
		set("DEFAULT", "enabled_apis", "osapi_compute,metadata"),
		set("DEFAULT", "my_ip", b.self.ManagementIP()),
		set("DEFAULT", "use_neutron", "true"),
		set("DEFAULT", "firewall_driver", "nova.virt.firewall.NoopFirewallDriver"),
		set("DEFAULT", "transport_url", b.transportURL()),
		set("api", "auth_strategy", "keystone"),
	}
	kvs = append(kvs, b.authtoken("nova", b.secret(site.NovaPass), false, true, "Default")...)
	return append(kvs,
		set("vnc", "enabled", "true"),
		set("vnc", "server_proxyclient_address", "$my_ip"),
		set("glance", "api_servers", b.url("9292")),
		set("oslo_concurrency", "lock_path", "/var/lib/nova/tmp"),
		set("placement", "region_name", b.site.Region),
		set("placement", "project_domain_name", "Default"),
		set("placement", "project_name", "service"),
		set("placement", "auth_type", "password"),
		set("placement", "user_domain_name", "Default"),
		set("placement", "auth_url", b.url("5000")+"/v3"),
		set("placement", "username", "placement"),
		set("placement", "password", b.secret(site.PlacementPass)))
}

// novaController: databases, users, services and endpoints of Nova and
// Placement, nova.conf, the Placement API access fix, the cells.
func (b *builder) novaController() Step {
	novaDB, placementDB := b.secret(site.NovaDBPass), b.secret(site.PlacementDBPass)
	as := []Action{
		database("nova_api", "nova", novaDB),
		database("nova", "nova", novaDB),
		database("nova_cell0", "nova", novaDB),
		database("placement", "placement", placementDB),
	}
	as = append(as,
		b.serviceIdentity("nova", b.secret(site.NovaPass),
			endpoint{Service{Name: "nova", Type: "compute", Description: "OpenStack Compute"}, b.url("8774") + "/v2.1"}),
		b.serviceIdentity("placement", b.secret(site.PlacementPass),
			endpoint{Service{Name: "placement", Type: "placement", Description: "Placement API"}, b.url("8778")}))
	conf := append(b.novaCommon(),
		set("api_database", "connection", b.dbURL("nova", novaDB, "nova_api")),
		set("database", "connection", b.dbURL("nova", novaDB, "nova")),
		set("placement_database", "connection", b.dbURL("placement", placementDB, "placement")),
		set("vnc", "server_listen", "$my_ip"),
		set("scheduler", "discover_hosts_in_cells_interval", "300"))
	as = append(as,
		iniFile(host.NovaConf, serviceOwner("nova"), conf...),
		blockFile(host.PlacementHttpd, public, block{lines: placementAccess}),
		restart("httpd.service"),
		runAlways(asUser("nova", host.NovaManage+" api_db sync")),
		runAlways(asUser("nova", host.NovaManage+" cell_v2 map_cell0")),
		run(asUser("nova", host.NovaManage+" cell_v2 create_cell --name=cell1 --verbose"),
			asUser("nova", host.NovaManage+" cell_v2 list_cells | grep -q ' cell1 '")),
		runAlways(asUser("nova", host.NovaManage+" db sync")),
		restart("openstack-nova-api.service", "openstack-nova-consoleauth.service",
			"openstack-nova-scheduler.service", "openstack-nova-conductor.service",
			"openstack-nova-novncproxy.service"))
	return newStep("nova-controller", as...)
}

// placementAccess is the guide's fix to 00-nova-placement-api.conf (the
// packaged file does not let Apache 2.4 serve /usr/bin).
var placementAccess = []string{
	"<Directory /usr/bin>",
	"   <IfVersion >= 2.4>",
	"      Require all granted",
	"   </IfVersion>",
	"   <IfVersion < 2.4>",
	"      Order allow,deny",
	"      Allow from all",
	"   </IfVersion>",
	"</Directory>",
}

// novaCompute: nova.conf for a compute node, with qemu when the CPU
// cannot run KVM, then libvirtd and nova-compute.
func (b *builder) novaCompute() Step {
	virt := "qemu"
	if b.facts.KVM {
		virt = "kvm"
	}
	conf := append(b.novaCommon(),
		set("vnc", "novncproxy_base_url", b.url("6080")+"/vnc_auto.html"),
		set("libvirt", "virt_type", virt))
	if !b.self.Has(site.Controller) {
		// On an all-in-one node the controller's $my_ip serves both.
		conf = append(conf, set("vnc", "server_listen", "0.0.0.0"))
	}
	return newStep("nova-compute",
		iniFile(host.NovaConf, serviceOwner("nova"), conf...),
		restart("libvirtd.service", "openstack-nova-compute.service"))
}

// novaNeutron is nova.conf's [neutron] section; the controller adds the
// metadata proxy.
func (b *builder) novaNeutron() []kv {
	return []kv{
		set("neutron", "url", b.url("9696")),
		set("neutron", "auth_url", b.url("5000")),
		set("neutron", "auth_type", "password"),
		set("neutron", "project_domain_name", "default"),
		set("neutron", "user_domain_name", "default"),
		set("neutron", "region_name", b.site.Region),
		set("neutron", "project_name", "service"),
		set("neutron", "username", "neutron"),
		set("neutron", "password", b.secret(site.NeutronPass)),
	}
}
