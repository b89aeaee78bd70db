package rpmgen

const (
	novaEVR    = "1:18.3.0-1.el7"
	neutronEVR = "1:13.0.7-1.el7"
	cinderEVR  = "1:13.0.9-1.el7"
)

func nova() []*Spec {
	common := "openstack-nova-common = " + novaEVR
	all := []*Spec{
		pkg("openstack-rocky", "python-nova", novaEVR, "noarch").
			req(python, "python2-os-vif >= 1.9.0", "python2-oslo-config >= 2:5.2.0", "python2-oslo-utils >= 3.33.0",
				"python2-six >= 1.10.0", "python2-msgpack", "python2-os-brick >= 2.5.0", "python2-pbr", "python2-eventlet >= 0.18.2",
				"python2-sqlalchemy").conf("python2-os-vif < 1.4.0"),
		pkg("openstack-rocky", "python-nova", "1:18.2.3-1.el7", "noarch").req(python, "python2-os-vif >= 1.9.0"),
		pkg("openstack-rocky", "openstack-nova-common", novaEVR, "noarch").req("python-nova = "+novaEVR, useradd, sh).files("/etc/nova/nova.conf"),
		pkg("openstack-rocky", "python2-os-vif", "1.11.1-1.el7", "noarch").req(python, "python2-pyroute2 >= 0.5.2", "python2-oslo-utils"),
		pkg("openstack-rocky", "python2-os-vif", "1.9.0-1.el7", "noarch").req(python),
		pkg("openstack-rocky", "python2-pyroute2", "0.5.2-1.el7", "noarch").req(python),
		pkg("extras", "python-msgpack", "0.4.6-3.el7", "x86_64").req(python),
		pkg("openstack-rocky", "python2-msgpack", "0.5.6-5.el7", "x86_64").req(python).
			prov("python-msgpack = 0.5.6-5.el7").obs("python-msgpack < 0.5.6"),
		pkg("openstack-rocky", "python2-os-brick", "2.5.10-1.el7", "noarch").req(python, "/usr/sbin/multipath", "/usr/sbin/iscsiadm", "python2-six"),
		pkg("os", "device-mapper-multipath", "0.4.9-134.el7_9", "x86_64").req("libc.so.6()(64bit)").files("/usr/sbin/multipath"),
		pkg("os", "iscsi-initiator-utils", "6.2.0.874-19.el7", "x86_64").req("libc.so.6()(64bit)").files("/usr/sbin/iscsiadm"),
		pkg("openstack-rocky", "novnc", "0.5.1-2.el7", "noarch"),
		pkg("openstack-rocky", "python-websockify", "0.8.0-1.el7", "noarch").req(python),
	}
	for _, svc := range []string{"api", "conductor", "console", "scheduler"} {
		all = append(all, pkg("openstack-rocky", "openstack-nova-"+svc, novaEVR, "noarch").req(common))
	}
	all = append(all,
		pkg("openstack-rocky", "openstack-nova-novncproxy", novaEVR, "noarch").req(common, "novnc", "python-websockify >= 0.8.0"),
		pkg("openstack-rocky", "openstack-nova-placement-api", novaEVR, "noarch").req(common, "httpd", "mod_wsgi"),
		pkg("openstack-rocky", "openstack-nova-compute", novaEVR, "noarch").
			req(common, "qemu-kvm-rhev >= 2.10.0", "libvirt-daemon-kvm", "/usr/bin/virsh", "sysfsutils", "genisoimage"),
		pkg("openstack-rocky", "openstack-nova-compute", "1:18.2.3-1.el7", "noarch").req("openstack-nova-common = 1:18.2.3-1.el7"),
	)
	return all
}

func neutron() []*Spec {
	common := "openstack-neutron-common = " + neutronEVR
	return []*Spec{
		pkg("openstack-rocky", "python-neutron", neutronEVR, "noarch").
			req(python, "python2-neutron-lib >= 1.18.0", "python2-oslo-config >= 2:5.2.0", "python2-pyroute2 >= 0.4.21", "python2-six"),
		pkg("openstack-rocky", "python2-neutron-lib", "1.18.0-1.el7", "noarch").req(python, "python2-oslo-utils"),
		pkg("openstack-rocky", "openstack-neutron-common", neutronEVR, "noarch").req("python-neutron = "+neutronEVR, useradd, "sudo"),
		pkg("openstack-rocky", "openstack-neutron", neutronEVR, "noarch").req(common, "dnsmasq >= 2.76", "conntrack-tools", "keepalived"),
		pkg("openstack-rocky", "openstack-neutron-ml2", neutronEVR, "noarch").req(common),
		pkg("openstack-rocky", "openstack-neutron-linuxbridge", neutronEVR, "noarch").req(common, "bridge-utils", "ebtables", "ipset"),
		pkg("openstack-rocky", "openstack-neutron-openvswitch", neutronEVR, "noarch").req(common, "openvswitch >= 2.10.0", "python2-openvswitch >= 2.10.0"),
		pkg("os", "dnsmasq", "2.76-16.el7", "x86_64").req("libc.so.6()(64bit)"),
		pkg("os", "conntrack-tools", "1.4.4-7.el7", "x86_64").req("libc.so.6()(64bit)"),
		pkg("os", "keepalived", "1.3.5-19.el7", "x86_64").req("libssl.so.10()(64bit)"),
		pkg("os", "bridge-utils", "1.5-9.el7", "x86_64"),
		pkg("extras", "openvswitch", "2.0.0-7.el7", "x86_64"),
		pkg("openstack-rocky", "openvswitch", "1:2.10.1-3.el7", "x86_64").req("libssl.so.10()(64bit)", useradd),
		pkg("openstack-rocky", "python2-openvswitch", "1:2.10.1-3.el7", "noarch").req(python, "python2-six"),
	}
}

func dashboard() []*Spec {
	all := []*Spec{
		pkg("openstack-rocky", "openstack-dashboard", "1:14.1.0-1.el7", "noarch").
			req("webserver", "mod_wsgi", "python-django-horizon = 1:14.1.0-1.el7", "/usr/share/javascript/jquery/latest/jquery.min.js"),
		pkg("openstack-rocky", "python-django-horizon", "1:14.1.0-1.el7", "noarch").req(python, "python2-django >= 1.11", "python2-six"),
		pkg("openstack-rocky", "python2-django", "1.11.27-1.el7", "noarch").req(python).prov("python-django = 1.11.27-1.el7"),
		pkg("openstack-rocky", "python-XStatic-jQuery", "1.10.2.1-1.el7", "noarch").req("xstatic-jquery-common").
			files("/usr/share/javascript/jquery/latest/jquery.min.js"),
		pkg("openstack-rocky", "xstatic-jquery-common", "1.10.2.1-1.el7", "noarch"),
	}
	all = append(all, withUpdate(pkg("os", "httpd-tools", "2.4.6-95.el7.centos", "x86_64").req("libc.so.6()(64bit)"), "2.4.6-97.el7.centos")...)
	all = append(all, withUpdate(pkg("os", "httpd", "2.4.6-95.el7.centos", "x86_64").
		req("httpd-tools = 2.4.6-95.el7.centos", "/etc/mime.types", "systemd", useradd).
		prov("webserver", "httpd-mmn = 20120211x8664").files("/usr/sbin/httpd", "/etc/httpd/conf/httpd.conf"), "2.4.6-97.el7.centos")...)
	return all
}

func block() []*Spec {
	all := []*Spec{
		pkg("openstack-rocky", "openstack-cinder", cinderEVR, "noarch").
			req("python-cinder = "+cinderEVR, useradd, "qemu-img", "sysfsutils", "targetcli"),
		pkg("openstack-rocky", "python-cinder", cinderEVR, "noarch").
			req(python, "python2-os-brick >= 2.5.0", "python2-oslo-config", "python2-six", "python2-sqlalchemy"),
		pkg("os", "targetcli", "2.1.fb49-1.el7", "noarch").req("python-rtslib >= 2.1.fb41", "python-configshell >= 1:1.1.fb20"),
		pkg("os", "python-rtslib", "2.1.fb69-3.el7", "noarch").req(python),
		pkg("os", "python-configshell", "1:1.1.fb25-1.el7", "noarch").req(python),
		pkg("os", "sysfsutils", "2.1.0-16.el7", "x86_64"),
		pkg("os", "qemu-img", "10:1.5.3-175.el7", "x86_64").req("libc.so.6()(64bit)"),
	}
	all = append(all, withUpdate(pkg("os", "device-mapper-libs", "7:1.02.170-6.el7", "x86_64").req("device-mapper = 7:1.02.170-6.el7"), "7:1.02.170-6.el7_9.5")...)
	all = append(all, withUpdate(pkg("os", "device-mapper", "7:1.02.170-6.el7", "x86_64").req("device-mapper-libs = 7:1.02.170-6.el7"), "7:1.02.170-6.el7_9.5")...)
	all = append(all, withUpdate(pkg("os", "device-mapper-persistent-data", "0.8.5-3.el7", "x86_64").req("libc.so.6()(64bit)"), "0.8.5-3.el7_9.2")...)
	all = append(all, withUpdate(pkg("os", "lvm2-libs", "7:2.02.187-6.el7", "x86_64").req("device-mapper-libs >= 7:1.02.170"), "7:2.02.187-6.el7_9.5")...)
	all = append(all, withUpdate(pkg("os", "lvm2", "7:2.02.187-6.el7", "x86_64").
		req("lvm2-libs = 7:2.02.187-6.el7", "device-mapper-persistent-data >= 0.7.0-0.1.rc6", sh, "systemd").files("/usr/sbin/lvm"), "7:2.02.187-6.el7_9.5")...)
	return all
}

func compute() []*Spec {
	ev := "10:2.12.0-44.1.el7_8.1"
	all := []*Spec{
		pkg("kvm-common", "qemu-kvm-ev", ev, "x86_64").
			prov("qemu-kvm-rhev = "+ev, "qemu-kvm = "+ev).obs("qemu-kvm < 10:2.12.0").
			req("qemu-img-ev = "+ev, "libcompat.so.1").files("/usr/libexec/qemu-kvm"),
		pkg("kvm-common", "qemu-img-ev", ev, "x86_64").req("libc.so.6()(64bit)").prov("qemu-img = " + ev).obs("qemu-img < 10:2.12.0"),
		pkg("os", "genisoimage", "1.1.11-25.el7", "x86_64"),
	}
	all = append(all, withUpdate(pkg("os", "qemu-kvm", "10:1.5.3-175.el7", "x86_64").files("/usr/libexec/qemu-kvm"), "10:1.5.3-175.el7_9.3")...)
	for _, n := range []string{"libvirt-libs", "libvirt-client", "libvirt-daemon", "libvirt-daemon-driver-qemu", "libvirt-daemon-kvm"} {
		s := pkg("os", n, "4.5.0-36.el7", "x86_64").req("libc.so.6()(64bit)")
		switch n {
		case "libvirt-client":
			s.req("libvirt-libs = 4.5.0-36.el7").files("/usr/bin/virsh")
		case "libvirt-daemon":
			s.req("libvirt-libs = 4.5.0-36.el7", "libvirt-client = 4.5.0-36.el7")
		case "libvirt-daemon-driver-qemu":
			s.req("libvirt-daemon = 4.5.0-36.el7", "/usr/libexec/qemu-kvm")
		case "libvirt-daemon-kvm":
			s.req("libvirt-daemon-driver-qemu = 4.5.0-36.el7")
		}
		all = append(all, withUpdate(s, "4.5.0-36.el7_9.5")...)
	}
	return all
}
