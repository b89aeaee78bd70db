package host

// Every path on the node and every program firstboot runs, in one place
// (as ignition's internal/distro does). They are variables so that a build
// for another EL7-like distribution can override them with
// -ldflags "-X github.com/rockyiso/rockyiso/firstboot/host.Systemctl=/bin/systemctl".
var (
	// Programs.
	Systemctl    = "systemctl"
	FirewallCmd  = "firewall-cmd"
	Modprobe     = "modprobe"
	Sysctl       = "sysctl"
	Su           = "su"
	KeystoneMgr  = "keystone-manage"
	Grep         = "grep"
	Test         = "test"
	PVCreate     = "pvcreate"
	VGCreate     = "vgcreate"
	PVS          = "pvs"
	VGS          = "vgs"
	OVSVsctl     = "ovs-vsctl"
	Rabbitmqctl  = "rabbitmqctl"
	Shell        = "/bin/sh"
	CinderManage = "cinder-manage"
	GlanceManage = "glance-manage"
	NovaManage   = "nova-manage"
	NeutronDBMgr = "neutron-db-manage"
	Restorecon   = "restorecon"

	// Markers of one-time setup commands.
	FernetKey0     = "/etc/keystone/fernet-keys/0"
	CredentialKey0 = "/etc/keystone/credential-keys/0"

	// Every node.
	Hosts         = "/etc/hosts"
	ChronyConf    = "/etc/chrony.conf"
	SysctlConf    = "/etc/sysctl.conf"
	ModulesLoadBr = "/etc/modules-load.d/br_netfilter.conf"
	SysModuleBr   = "/sys/module/br_netfilter"
	CPUInfo       = "/proc/cpuinfo"
	Passwd        = "/etc/passwd"
	Group         = "/etc/group"

	// Controller infrastructure.
	MariaDBConf   = "/etc/my.cnf.d/openstack.cnf"
	MemcachedConf = "/etc/sysconfig/memcached"
	EtcdConf      = "/etc/etcd/etcd.conf"

	// Keystone and Apache.
	KeystoneConf     = "/etc/keystone/keystone.conf"
	HttpdConf        = "/etc/httpd/conf/httpd.conf"
	WSGIKeystone     = "/usr/share/keystone/wsgi-keystone.conf"
	WSGIKeystoneLink = "/etc/httpd/conf.d/wsgi-keystone.conf"
	AdminOpenRC      = "/root/admin-openrc"
	DemoOpenRC       = "/root/demo-openrc"

	// Glance, Nova, Placement.
	GlanceAPIConf      = "/etc/glance/glance-api.conf"
	GlanceRegistryConf = "/etc/glance/glance-registry.conf"
	NovaConf           = "/etc/nova/nova.conf"
	PlacementHttpd     = "/etc/httpd/conf.d/00-nova-placement-api.conf"

	// Neutron.
	NeutronConf      = "/etc/neutron/neutron.conf"
	ML2Conf          = "/etc/neutron/plugins/ml2/ml2_conf.ini"
	PluginIni        = "/etc/neutron/plugin.ini"
	LinuxBridgeIni   = "/etc/neutron/plugins/ml2/linuxbridge_agent.ini"
	OpenVSwitchIni   = "/etc/neutron/plugins/ml2/openvswitch_agent.ini"
	L3AgentIni       = "/etc/neutron/l3_agent.ini"
	DHCPAgentIni     = "/etc/neutron/dhcp_agent.ini"
	MetadataAgentIni = "/etc/neutron/metadata_agent.ini"

	// Horizon.
	DashboardSettings = "/etc/openstack-dashboard/local_settings"
	DashboardHttpd    = "/etc/httpd/conf.d/openstack-dashboard.conf"

	// Cinder and LVM.
	CinderConf = "/etc/cinder/cinder.conf"
	LVMConf    = "/etc/lvm/lvm.conf"
)
