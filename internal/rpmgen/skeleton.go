package rpmgen

// The hand-written part of the universe: the packages the roles of
// site.RolePackages name and the EL7 shape around them (versions, epochs
// and dependencies modelled on CentOS 7.9 and the Cloud SIG's Rocky repo,
// simplified).

const (
	useradd = "/usr/sbin/useradd" // a file dependency found in primary
	sh      = "/bin/sh"
	python  = "python(abi) = 2.7"
)

func skeleton() []*Spec {
	var all []*Spec
	for _, part := range [][]*Spec{core(), base(), controller(), nova(), neutron(), dashboard(), block(), compute()} {
		all = append(all, part...)
	}
	return all
}

// withUpdate returns s and its rebuild in updates at evr.
func withUpdate(s *Spec, evr string) []*Spec { return []*Spec{s, s.in("updates", evr)} }

func core() []*Spec {
	glibc := pkg("os", "glibc", "2.17-317.el7", "x86_64").
		req("glibc-common = 2.17-317.el7", "basesystem").
		prov("libc.so.6()(64bit)", "rtld(GNU_HASH)").files("/sbin/ldconfig", "/usr/lib64/libc.so.6")
	glibc32 := pkg("os", "glibc", "2.17-317.el7", "i686").
		req("glibc-common = 2.17-317.el7", "basesystem").prov("libc.so.6").files("/usr/lib/libc.so.6")
	all := []*Spec{
		pkg("os", "setup", "2.8.71-11.el7", "noarch").files("/etc/passwd", "/etc/group"),
		pkg("os", "filesystem", "3.2-25.el7", "x86_64").req("setup"),
		pkg("os", "basesystem", "10.0-7.el7.centos", "noarch").req("filesystem", "setup"),
		pkg("os", "bash", "4.2.46-34.el7", "x86_64").req("libc.so.6()(64bit)", "rpmlib(BuiltinLuaScripts) <= 4.2.2-1").files("/bin/bash", sh),
		pkg("os", "libgcc", "4.8.5-44.el7", "x86_64").prov("libgcc_s.so.1()(64bit)").req("rpmlib(FileDigests) <= 4.6.0-1"),
		pkg("os", "libgcc", "4.8.5-44.el7", "i686").prov("libgcc_s.so.1"),
		pkg("os", "compat-libcompat", "1.0-1.el7", "i686").prov("libcompat.so.1").req("libc.so.6", "libgcc_s.so.1"),
		pkg("os", "shadow-utils", "2:4.6-5.el7", "x86_64").req("glibc", "setup").files(useradd, "/usr/sbin/groupadd"),
		pkg("os", "openssh", "7.4p1-21.el7", "x86_64").req("openssl-libs(x86-64) >= 1:1.0.2k", "libc.so.6()(64bit)"),
		pkg("os", "openssh-server", "7.4p1-21.el7", "x86_64").req("openssh = 7.4p1-21.el7", useradd, "systemd", sh).files("/usr/sbin/sshd"),
		pkg("os", "yum", "3.4.3-168.el7.centos", "noarch").req("/usr/bin/python", "rpm >= 0:4.4.2", "python-urlgrabber >= 3.10-8"),
		pkg("os", "python-urlgrabber", "3.10-10.el7", "noarch").req(python),
		pkg("os", "rpm-libs", "4.11.3-45.el7", "x86_64").req("libc.so.6()(64bit)"),
		pkg("os", "rpm", "4.11.3-45.el7", "x86_64").req("rpm-libs(x86-64) = 4.11.3-45.el7", sh).files("/usr/bin/rpm"),
		pkg("os", "python-setuptools", "0.9.8-7.el7", "noarch").req(python),
		pkg("os", "sudo", "1.8.23-10.el7", "x86_64").req("libc.so.6()(64bit)").files("/usr/bin/sudo", "/etc/sudoers"),
	}
	all = append(all, withUpdate(glibc, "2.17-326.el7_9")...)
	all = append(all, withUpdate(glibc32, "2.17-326.el7_9")...)
	all = append(all, withUpdate(pkg("os", "glibc-common", "2.17-317.el7", "x86_64").req("tzdata >= 2003a"), "2.17-326.el7_9")...)
	all = append(all, withUpdate(pkg("os", "tzdata", "2020a-1.el7", "noarch"), "2020d-1.el7")...)
	all = append(all, withUpdate(pkg("os", "coreutils", "8.22-24.el7", "x86_64").req("glibc >= 2.17", sh), "8.22-24.el7_9.2")...)
	all = append(all, withUpdate(pkg("os", "systemd-libs", "219-78.el7", "x86_64").req("libc.so.6()(64bit)"), "219-78.el7_9.3")...)
	all = append(all, withUpdate(pkg("os", "systemd", "219-78.el7", "x86_64").
		req("systemd-libs = 219-78.el7", sh, "coreutils").files("/usr/bin/systemctl", "/usr/lib/systemd/systemd"), "219-78.el7_9.3")...)
	all = append(all, withUpdate(pkg("os", "openssl-libs", "1:1.0.2k-19.el7", "x86_64").prov("libssl.so.10()(64bit)"), "1:1.0.2k-21.el7_9")...)
	all = append(all, withUpdate(pkg("os", "python-libs", "2.7.5-89.el7", "x86_64").req("libc.so.6()(64bit)", "libssl.so.10()(64bit)"), "2.7.5-90.el7")...)
	all = append(all, withUpdate(pkg("os", "python", "2.7.5-89.el7", "x86_64").
		req("python-libs(x86-64) = 2.7.5-89.el7").prov(python).files("/usr/bin/python", "/usr/bin/python2"), "2.7.5-90.el7")...)
	return all
}

func base() []*Spec {
	all := []*Spec{
		pkg("os", "chrony", "3.4-1.el7", "x86_64").req("libc.so.6()(64bit)", "systemd", useradd).files("/usr/sbin/chronyd", "/etc/chrony.conf"),
		pkg("os", "iptables", "1.4.21-35.el7", "x86_64").req("libc.so.6()(64bit)").files("/usr/sbin/iptables"),
		pkg("os", "ebtables", "2.0.10-16.el7", "x86_64").req("libc.so.6()(64bit)").files("/usr/sbin/ebtables"),
		pkg("os", "ipset-libs", "7.1-1.el7", "x86_64").prov("libipset.so.13()(64bit)"),
		pkg("os", "ipset", "7.1-1.el7", "x86_64").req("ipset-libs(x86-64) = 7.1-1.el7", "libipset.so.13()(64bit)").files("/usr/sbin/ipset"),
		pkg("os", "policycoreutils", "2.5-34.el7", "x86_64").req("libc.so.6()(64bit)").files("/usr/sbin/semodule"),
		pkg("openstack-rocky", "openstack-selinux", "0.8.26-1.el7", "noarch").req("selinux-policy-targeted >= 3.13.1-266", "policycoreutils", "/usr/sbin/semodule"),
		pkg("openstack-rocky", "python2-openstackclient", "3.16.3-1.el7", "noarch").
			prov("python-openstackclient = 3.16.3-1.el7").obs("python-openstackclient < 3.16.3-1.el7").
			req(python, "python2-keystoneclient >= 1:3.17.0", "python2-novaclient >= 1:9.1.0", "python2-six >= 1.10.0", "python2-pbr"),
		pkg("openstack-rocky", "python2-keystoneclient", "1:3.17.0-1.el7", "noarch").req(python, "python2-six", "python2-oslo-config >= 2:5.2.0"),
		pkg("openstack-rocky", "python2-novaclient", "1:11.0.1-1.el7", "noarch").req(python, "python2-keystoneclient"),
		pkg("openstack-rocky", "python2-novaclient", "1:11.0.0-1.el7", "noarch").req(python, "python2-keystoneclient"),
		pkg("os", "python-six", "1.9.0-2.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-six", "1.11.0-3.el7", "noarch").req(python).
			prov("python-six = 1.11.0-3.el7").obs("python-six < 1.11.0-3.el7"),
		pkg("openstack-rocky", "python2-pbr", "4.1.1-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-pbr", "4.1.0a-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-oslo-config", "2:6.4.1-1.el7", "noarch").req(python, "python2-six", "python2-rfc3986 >= 0.3.1"),
		pkg("openstack-rocky", "python2-oslo-config", "2:6.4.0-1.el7", "noarch").req(python, "python2-six"),
		pkg("openstack-rocky", "python2-rfc3986", "1.1.0-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-oslo-utils", "3.36.10-1.el7", "noarch").req(python, "python2-six", "python2-pbr"),
		pkg("openstack-rocky", "python2-oslo-utils", "3.36.5-1.el7", "noarch").req(python, "python2-six", "python2-pbr"),
		pkg("openstack-rocky", "python2-sqlalchemy", "1.2.7-1.el7", "x86_64").req(python, "libc.so.6()(64bit)"),
		pkg("openstack-rocky", "python2-eventlet", "0.20.1-6.el7", "noarch").req(python, "python2-greenlet >= 0.3"),
		pkg("openstack-rocky", "python2-eventlet", "0.20.1~rc1-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-greenlet", "0.4.12-1.el7", "x86_64").req(python),
	}
	all = append(all, withUpdate(pkg("os", "selinux-policy", "3.13.1-266.el7", "noarch").req(sh), "3.13.1-268.el7_9.2")...)
	all = append(all, withUpdate(pkg("os", "selinux-policy-targeted", "3.13.1-266.el7", "noarch").
		req("selinux-policy = 3.13.1-266.el7", "policycoreutils >= 2.5-24"), "3.13.1-268.el7_9.2")...)
	all = append(all, withUpdate(pkg("os", "python-firewall", "0.6.3-11.el7", "noarch").req(python, "python-six"), "0.6.3-13.el7_9")...)
	all = append(all, withUpdate(pkg("os", "firewalld-filesystem", "0.6.3-11.el7", "noarch"), "0.6.3-13.el7_9")...)
	all = append(all, withUpdate(pkg("os", "firewalld", "0.6.3-11.el7", "noarch").
		req("python-firewall = 0.6.3-11.el7", "firewalld-filesystem = 0.6.3-11.el7", "ebtables", "ipset", "iptables", "systemd").
		files("/usr/sbin/firewalld", "/etc/firewalld/firewalld.conf"), "0.6.3-13.el7_9")...)
	return all
}

func controller() []*Spec {
	return []*Spec{
		pkg("os", "mariadb-libs", "1:5.5.68-1.el7", "x86_64").prov("libmysqlclient.so.18()(64bit)"),
		pkg("os", "mariadb", "1:5.5.68-1.el7", "x86_64").req("mariadb-libs(x86-64) = 1:5.5.68-1.el7"),
		pkg("openstack-rocky", "mariadb-libs", "3:10.1.20-2.el7", "x86_64").prov("libmysqlclient.so.18()(64bit)").
			req("mariadb-common(x86-64) = 3:10.1.20-2.el7"),
		pkg("openstack-rocky", "mariadb-common", "3:10.1.20-2.el7", "x86_64").files("/etc/my.cnf"),
		pkg("openstack-rocky", "mariadb", "3:10.1.20-2.el7", "x86_64").req("mariadb-libs(x86-64) = 3:10.1.20-2.el7", "mariadb-common(x86-64) = 3:10.1.20-2.el7"),
		pkg("openstack-rocky", "mariadb-server", "3:10.1.20-2.el7", "x86_64").
			req("mariadb(x86-64) = 3:10.1.20-2.el7", "mariadb-errmsg(x86-64) = 3:10.1.20-2.el7", useradd, "systemd").files("/usr/libexec/mysqld"),
		pkg("openstack-rocky", "mariadb-errmsg", "3:10.1.20-2.el7", "x86_64"),
		pkg("openstack-rocky", "python2-PyMySQL", "0.9.2-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "erlang-erts", "19.3.6.4-1.el7", "x86_64").req("libc.so.6()(64bit)", "libssl.so.10()(64bit)"),
		pkg("extras", "erlang-erts", "R16B-03.18.el7", "x86_64").req("libc.so.6()(64bit)"),
		pkg("openstack-rocky", "rabbitmq-server", "3.6.16-1.el7", "noarch").req("erlang-erts >= 19.3", sh, useradd, "systemd"),
		pkg("os", "libevent", "2.0.21-4.el7", "x86_64").prov("libevent-2.0.so.5()(64bit)"),
		pkg("os", "memcached", "1.4.15-10.el7_3.1", "x86_64").req("libevent-2.0.so.5()(64bit)", useradd),
		pkg("openstack-rocky", "memcached", "1.5.6-1.el7", "x86_64").req("libevent-2.0.so.5()(64bit)", useradd, "systemd"),
		pkg("os", "python-memcached", "1.48-4.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-memcached", "1.58-1.el7", "noarch").req(python, "python2-six").
			prov("python-memcached = 1.58-1.el7").obs("python-memcached < 1.58-1.el7"),
		pkg("extras", "etcd", "3.3.11-2.el7.centos", "x86_64").req("systemd", useradd).files("/usr/bin/etcd"),
		pkg("openstack-rocky", "openstack-keystone", "1:14.2.0-1.el7", "noarch").req("python-keystone = 1:14.2.0-1.el7", useradd),
		pkg("openstack-rocky", "python-keystone", "1:14.2.0-1.el7", "noarch").
			req(python, "python2-oslo-config >= 2:5.2.0", "python2-oslo-utils >= 3.33.0", "python2-sqlalchemy >= 1.0.10",
				"python2-six", "python2-pbr", "python-memcached", "python2-PyMySQL"),
		pkg("openstack-rocky", "openstack-glance", "1:17.0.1-1.el7", "noarch").req("python-glance = 1:17.0.1-1.el7", useradd),
		pkg("openstack-rocky", "python-glance", "1:17.0.1-1.el7", "noarch").
			req(python, "python2-glance-store >= 0.26.1", "python2-oslo-config", "python2-sqlalchemy", "python2-eventlet >= 0.18.2"),
		pkg("openstack-rocky", "python2-glance-store", "0.26.1-1.el7", "noarch").req(python, "python2-oslo-utils", "python2-six"),
		pkg("os", "mailcap", "2.1.41-2.el7", "noarch").files("/etc/mime.types"),
		pkg("extras", "boa-httpd", "0.94-1.el7", "x86_64").prov("webserver").req("libc.so.6()(64bit)"),
		pkg("os", "mod_wsgi", "3.4-18.el7", "x86_64").req("httpd-mmn = 20120211x8664", "python-libs(x86-64)"),
	}
}
