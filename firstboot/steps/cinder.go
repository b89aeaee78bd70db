package steps

import (
	"fmt"
	"regexp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// cinderCommon is cinder.conf as the official Rocky guide writes it on the
// controller and on block nodes.
func (b *builder) cinderCommon() []kv {
	kvs := []kv{
		set("database", "connection", b.dbURL("cinder", b.secret(site.CinderDBPass), "cinder")),
		set("DEFAULT", "transport_url", b.transportURL()),
		set("DEFAULT", "auth_strategy", "keystone"),
		set("DEFAULT", "my_ip", b.self.ManagementIP()),
		set("keystone_authtoken", "www_authenticate_uri", b.url("5000")),
		set("keystone_authtoken", "auth_url", b.url("5000")),
		set("keystone_authtoken", "memcached_servers", b.memcachedServers()),
		set("keystone_authtoken", "auth_type", "password"),
		set("keystone_authtoken", "project_domain_id", "default"),
		set("keystone_authtoken", "user_domain_id", "default"),
		set("keystone_authtoken", "project_name", "service"),
		set("keystone_authtoken", "username", "cinder"),
		set("keystone_authtoken", "password", b.secret(site.CinderPass)),
	}
	return append(kvs, set("oslo_concurrency", "lock_path", "/var/lib/cinder/tmp"))
}

// cinderController: Cinder's database, user, v2 and v3 services and
// endpoints, cinder.conf, the schema, nova.conf's [cinder], and the API
// and scheduler.
func (b *builder) cinderController() Step {
	dbpass := b.secret(site.CinderDBPass)
	as := []Action{database("cinder", "cinder", dbpass)}
	as = append(as,
		b.serviceIdentity("cinder", b.secret(site.CinderPass),
			endpoint{Service{Name: "cinderv2", Type: "volumev2", Description: "OpenStack Block Storage"}, b.url("8776") + "/v2/%(project_id)s"},
			endpoint{Service{Name: "cinderv3", Type: "volumev3", Description: "OpenStack Block Storage"}, b.url("8776") + "/v3/%(project_id)s"}),
		iniFile(host.CinderConf, serviceOwner("cinder"), b.cinderCommon()...),
		runAlways(asUser("cinder", host.CinderManage+" db sync")),
		iniFile(host.NovaConf, serviceOwner("nova"), set("cinder", "os_region_name", b.site.Region)),
		restart("openstack-nova-api.service"),
		restart("openstack-cinder-api.service", "openstack-cinder-scheduler.service"))
	return newStep("cinder-controller", as...)
}

// cinderVolume: the cinder-volumes group on the node's disk, the LVM
// filter (the install disk, which CentOS puts on LVM, and the Cinder
// disk), cinder.conf with the LVM back end, target and cinder-volume.
func (b *builder) cinderVolume() Step {
	dev := "/dev/" + b.self.CinderDisk
	filter := fmt.Sprintf(`        filter = [ "a/%s/", "a/%s/", "r/.*/" ]`, b.self.Disk, b.self.CinderDisk)
	conf := append(b.cinderCommon(),
		set("DEFAULT", "enabled_backends", "lvm"),
		set("DEFAULT", "glance_api_servers", b.url("9292")),
		set("lvm", "volume_driver", "cinder.volume.drivers.lvm.LVMVolumeDriver"),
		set("lvm", "volume_group", "cinder-volumes"),
		set("lvm", "iscsi_protocol", "iscsi"),
		set("lvm", "iscsi_helper", "lioadm"))
	return newStep("cinder-volume",
		enable("lvm2-lvmetad.service"),
		run(cmd(host.PVCreate, dev), cmd(host.PVS, dev)),
		run(cmd(host.VGCreate, "cinder-volumes", dev), cmd(host.VGS, "cinder-volumes")),
		blockFile(host.LVMConf, public, block{lines: []string{filter}, after: lvmDevices, wrap: [2]string{"devices {", "}"}}),
		iniFile(host.CinderConf, serviceOwner("cinder"), conf...),
		restart("openstack-cinder-volume.service", "target.service"))
}

var lvmDevices = regexp.MustCompile(`^devices\s*{`)
