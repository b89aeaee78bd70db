package steps

import (
	"regexp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// mariadb: openstack.cnf as the official guide writes it, then what
// mysql_secure_installation does.
func (b *builder) mariadb() Step {
	return newStep("mariadb",
		iniFile(host.MariaDBConf, public,
			set("mysqld", "bind-address", b.self.ManagementIP()),
			set("mysqld", "default-storage-engine", "innodb"),
			set("mysqld", "innodb_file_per_table", "on"),
			set("mysqld", "max_connections", "4096"),
			set("mysqld", "collation-server", "utf8_general_ci"),
			set("mysqld", "character-set-server", "utf8")),
		restart("mariadb.service"),
		secureRoot(b.secret(site.MariaDBRootPass)))
}

func (b *builder) rabbitmq() Step {
	return newStep("rabbitmq",
		enable("rabbitmq-server.service"),
		rabbitUser("openstack", b.secret(site.RabbitPass)))
}

func (b *builder) memcached() Step {
	return newStep("memcached",
		varsFile(host.MemcachedConf, public, [2]string{"OPTIONS", "-l 127.0.0.1,::1," + b.ctrl}),
		restart("memcached.service"))
}

// etcd: every ETCD_* key of the guide, valued as the official guide does.
func (b *builder) etcd() Step {
	ip := b.self.ManagementIP()
	peer, client := "http://"+ip+":2380", "http://"+ip+":2379"
	return newStep("etcd",
		varsFile(host.EtcdConf, public,
			[2]string{"ETCD_DATA_DIR", "/var/lib/etcd/default.etcd"},
			[2]string{"ETCD_LISTEN_PEER_URLS", peer},
			[2]string{"ETCD_LISTEN_CLIENT_URLS", client},
			[2]string{"ETCD_NAME", b.ctrl},
			[2]string{"ETCD_INITIAL_ADVERTISE_PEER_URLS", peer},
			[2]string{"ETCD_ADVERTISE_CLIENT_URLS", client},
			[2]string{"ETCD_INITIAL_CLUSTER", b.ctrl + "=" + peer},
			[2]string{"ETCD_INITIAL_CLUSTER_TOKEN", "etcd-cluster-01"},
			[2]string{"ETCD_INITIAL_CLUSTER_STATE", "new"}),
		restart("etcd.service"))
}

// authtoken is a [keystone_authtoken] section; www adds
// www_authenticate_uri, v3 puts /v3 on auth_url (Nova's form), and
// domain is how the guide spells the domains for the service.
func (b *builder) authtoken(user, pass string, www, v3 bool, domain string) []kv {
	auth := b.url("5000")
	var kvs []kv
	if www {
		kvs = append(kvs, set("keystone_authtoken", "www_authenticate_uri", auth))
	}
	if v3 {
		auth += "/v3"
	}
	return append(kvs,
		set("keystone_authtoken", "auth_url", auth),
		set("keystone_authtoken", "memcached_servers", b.memcachedServers()),
		set("keystone_authtoken", "auth_type", "password"),
		set("keystone_authtoken", "project_domain_name", domain),
		set("keystone_authtoken", "user_domain_name", domain),
		set("keystone_authtoken", "project_name", "service"),
		set("keystone_authtoken", "username", user),
		set("keystone_authtoken", "password", pass))
}

func (b *builder) keystone() Step {
	as := []Action{
		database("keystone", "keystone", b.secret(site.KeystoneDBPass)),
		iniFile(host.KeystoneConf, serviceOwner("keystone"),
			set("database", "connection", b.dbURL("keystone", b.secret(site.KeystoneDBPass), "keystone")),
			set("token", "provider", "fernet")),
		runAlways(asUser("keystone", host.KeystoneMgr+" db_sync")),
		runCreates(cmd(host.KeystoneMgr, "fernet_setup", "--keystone-user", "keystone", "--keystone-group", "keystone"), host.FernetKey0),
		runCreates(cmd(host.KeystoneMgr, "credential_setup", "--keystone-user", "keystone", "--keystone-group", "keystone"), host.CredentialKey0),
		runAlways(b.bootstrap()),
		blockFile(host.HttpdConf, public, block{lines: []string{"ServerName " + b.ctrl}, comment: serverName}),
		&link{target: host.WSGIKeystone, link: host.WSGIKeystoneLink},
		restart("httpd.service"),
		wholeFile(host.AdminOpenRC, secret, b.openrc("admin", "admin", b.secret(site.AdminPass))),
		wholeFile(host.DemoOpenRC, secret, b.openrc("myproject", "myuser", b.secret(site.DemoPass))),
		b.bootstrapIdentity(),
	}
	return newStep("keystone", as...)
}

// bootstrap is keystone-manage bootstrap; the admin password goes in the
// environment (OS_BOOTSTRAP_PASSWORD), not on the command line.
func (b *builder) bootstrap() host.Cmd {
	v3 := b.url("5000") + "/v3/"
	c := cmd(host.KeystoneMgr, "bootstrap",
		"--bootstrap-admin-url", v3,
		"--bootstrap-internal-url", v3,
		"--bootstrap-public-url", v3,
		"--bootstrap-region-id", b.site.Region)
	c.Env = []string{"OS_BOOTSTRAP_PASSWORD=" + b.secret(site.AdminPass)}
	return c
}

func (b *builder) openrc(project, user, pass string) string {
	return "export OS_PROJECT_DOMAIN_NAME=Default\n" +
		"export OS_USER_DOMAIN_NAME=Default\n" +
		"export OS_PROJECT_NAME=" + project + "\n" +
		"export OS_USERNAME=" + user + "\n" +
		"export OS_PASSWORD=" + pass + "\n" +
		"export OS_AUTH_URL=" + b.url("5000") + "/v3\n" +
		"export OS_IDENTITY_API_VERSION=3\n" +
		"export OS_IMAGE_API_VERSION=2\n"
}

func (b *builder) glance() Step {
	pass, dbpass := b.secret(site.GlancePass), b.secret(site.GlanceDBPass)
	common := append([]kv{set("database", "connection", b.dbURL("glance", dbpass, "glance"))},
		b.authtoken("glance", pass, true, false, "Default")...)
	common = append(common, set("paste_deploy", "flavor", "keystone"))
	api := append(append([]kv{}, common...),
		set("glance_store", "stores", "file,http"),
		set("glance_store", "default_store", "file"),
		set("glance_store", "filesystem_store_datadir", "/var/lib/glance/images/"))
	as := []Action{database("glance", "glance", dbpass)}
	as = append(as,
		b.serviceIdentity("glance", pass, endpoint{Service{Name: "glance", Type: "image", Description: "OpenStack Image"}, b.url("9292")}),
		iniFile(host.GlanceAPIConf, serviceOwner("glance"), api...),
		iniFile(host.GlanceRegistryConf, serviceOwner("glance"), common...),
		runAlways(asUser("glance", host.GlanceManage+" db_sync")),
		restart("openstack-glance-api.service", "openstack-glance-registry.service"))
	return newStep("glance", as...)
}

var serverName = regexp.MustCompile(`^ServerName\s`)
