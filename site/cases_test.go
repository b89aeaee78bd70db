package site_test

// parseCases cover every problem Parse reports, with its exact message.
var parseCases = []parseCase{
	{name: "version 2", edits: []string{"version: 1", "version: 2"}, want: []string{
		"lab.yaml:1:10: version: 2 is not supported; expected 1",
	}},
	{name: "version missing", edits: []string{"version: 1\n", ""}, want: []string{
		"lab.yaml:1:1: version: missing; expected 1, the site file format's version",
	}},
	{name: "version not an integer", edits: []string{"version: 1", "version: one"}, want: []string{
		"lab.yaml:1:10: version: expected an integer, got a string",
	}},
	{name: "unknown field", edits: []string{"name: lab", "name: lab\nsite_name: lab"}, want: []string{
		"lab.yaml:3:1: site_name: unknown field; expected one of version, name, domain, region, timezone, ntp, dns, neutron, networks, hosts",
	}},
	{name: "field set twice", edits: []string{"name: lab", "name: lab\nname: lab2"}, want: []string{
		"lab.yaml:3:1: name: set twice (first on line 2); expected it once",
	}},
	{name: "name missing", edits: []string{"name: lab\n", ""}, want: []string{
		"lab.yaml:1:1: name: missing; expected a short name such as lab",
	}},
	{name: "name empty", edits: []string{"name: lab", "name: \"\""}, want: []string{
		"lab.yaml:2:7: name: empty; expected a short name such as lab",
	}},
	{name: "name bad character", edits: []string{"name: lab", "name: \"la b\""}, want: []string{
		"lab.yaml:2:7: name: character ' ' is not allowed in a site name; expected letters, digits, '.', '_' and '-'",
	}},
	{name: "domain not a DNS name", edits: []string{"domain: lab.local", "domain: lab..local"}, want: []string{
		"lab.yaml:3:9: domain: \"lab..local\" is not a DNS domain; expected dot-separated RFC 1123 labels such as lab.local",
	}},
	{name: "domain bad character", edits: []string{"domain: lab.local", "domain: lab_local"}, want: []string{
		"lab.yaml:3:9: domain: character '_' is not allowed in a DNS domain; expected letters, digits, '-' and '.'",
	}},
	{name: "region bad character", edits: []string{"name: lab", "name: lab\nregion: \"Region One\""}, want: []string{
		"lab.yaml:3:9: region: character ' ' is not allowed in a region name; expected letters, digits, '.', '_' and '-'",
	}},
	{name: "timezone bad character", edits: []string{"timezone: Asia/Shanghai", "timezone: \"Asia/Shang;hai\""}, want: []string{
		"lab.yaml:4:11: timezone: character ';' is not allowed in a time zone; expected letters, digits, '/', '_', '+' and '-'",
	}},
	{name: "timezone malformed", edits: []string{"timezone: Asia/Shanghai", "timezone: Asia//Shanghai"}, want: []string{
		"lab.yaml:4:11: timezone: \"Asia//Shanghai\" is not a time zone; expected Area/City such as Asia/Shanghai, or UTC",
	}},
	{name: "timezone UTC", edits: []string{"timezone: Asia/Shanghai", "timezone: UTC"}, want: nil},
	{name: "ntp bad character", edits: []string{"[ntp.aliyun.com]", "[\"ntp aliyun\"]"}, want: []string{
		"lab.yaml:5:7: ntp[0]: character ' ' is not allowed in an NTP server; expected letters, digits, '-' and '.'",
	}},
	{name: "ntp numeric not an IP", edits: []string{"[ntp.aliyun.com]", "[\"999.1.1.1\"]"}, want: []string{
		"lab.yaml:5:7: ntp[0]: \"999.1.1.1\" is not an NTP server; expected a host name or IPv4 address such as ntp.aliyun.com",
	}},
	{name: "ntp IP", edits: []string{"[ntp.aliyun.com]", "[192.168.222.2, ntp.aliyun.com]"}, want: nil},
	{name: "dns host name", edits: []string{"dns: [192.168.222.2]", "dns: [dns.google]"}, want: []string{
		"lab.yaml:6:7: dns[0]: \"dns.google\" is not an IPv4 address; expected a name server's address such as 192.168.222.2",
	}},
	{name: "dns bad character", edits: []string{"dns: [192.168.222.2]", "dns: [\"192.168.222.2;reboot\"]"}, want: []string{
		"lab.yaml:6:7: dns[0]: character ';' is not allowed in an IPv4 address; expected digits and '.'",
	}},
	{name: "driver unknown", edits: []string{"driver: linuxbridge", "driver: ovn"}, want: []string{
		"lab.yaml:8:11: neutron.driver: unknown driver \"ovn\"; expected linuxbridge or openvswitch",
	}},
	{name: "driver openvswitch", edits: []string{"driver: linuxbridge", "driver: openvswitch"}, want: nil},
	{name: "management cidr malformed", edits: []string{"cidr: 192.168.222.0/24", "cidr: 192.168.222.0/33"}, want: []string{
		"lab.yaml:11:11: networks.management.cidr: \"192.168.222.0/33\" is not a CIDR; expected an IPv4 network in CIDR form such as 192.168.222.0/24",
	}},
	{name: "management cidr host bits", edits: []string{"cidr: 192.168.222.0/24", "cidr: 192.168.222.1/24"}, want: []string{
		"lab.yaml:11:11: networks.management.cidr: \"192.168.222.1/24\" has host bits set; expected the network address, 192.168.222.0/24",
	}},
	{name: "management cidr too small", edits: []string{"cidr: 192.168.222.0/24", "cidr: 192.168.222.0/31"}, want: []string{
		"lab.yaml:11:11: networks.management.cidr: \"192.168.222.0/31\" leaves no room for hosts; expected a /30 or larger network",
	}},
	{name: "management cidr IPv6", edits: []string{"cidr: 192.168.222.0/24", "cidr: \"fd00::/64\""}, want: []string{
		"lab.yaml:11:11: networks.management.cidr: \"fd00::/64\" is not a CIDR; expected an IPv4 network in CIDR form such as 192.168.222.0/24",
	}},
	{name: "management cidr missing", edits: []string{"    cidr: 192.168.222.0/24\n", ""}, want: []string{
		"lab.yaml:11:5: networks.management.cidr: missing; expected an IPv4 network in CIDR form such as 192.168.222.0/24",
	}},
	{name: "gateway outside", edits: []string{"gateway: 192.168.222.2", "gateway: 10.0.0.1"}, want: []string{
		"lab.yaml:12:14: networks.management.gateway: 10.0.0.1 is outside the management network 192.168.222.0/24; expected an address in it",
	}},
	{name: "gateway malformed", edits: []string{"gateway: 192.168.222.2", "gateway: 192.168.222"}, want: []string{
		"lab.yaml:12:14: networks.management.gateway: \"192.168.222\" is not an IPv4 address; expected the management network's router, such as 192.168.222.1",
	}},
	{name: "gateway missing", edits: []string{"    gateway: 192.168.222.2\n", ""}, want: []string{
		"lab.yaml:11:5: networks.management.gateway: missing; expected the management network's router, such as 192.168.222.1",
	}},
	{name: "gateway network address", edits: []string{"gateway: 192.168.222.2", "gateway: 192.168.222.0"}, want: []string{
		"lab.yaml:12:14: networks.management.gateway: 192.168.222.0 is the management network's own address; expected a host address in 192.168.222.0/24",
	}},
	{name: "gateway broadcast address", edits: []string{"gateway: 192.168.222.2", "gateway: 192.168.222.255"}, want: []string{
		"lab.yaml:12:14: networks.management.gateway: 192.168.222.255 is the management network's broadcast address; expected a host address in 192.168.222.0/24",
	}},
	{name: "overlay overlaps management", edits: []string{"cidr: 172.16.0.0/24", "cidr: 192.168.0.0/16"}, want: []string{
		"lab.yaml:14:11: networks.overlay.cidr: 192.168.0.0/16 overlaps the management network 192.168.222.0/24; expected a separate network, or no cidr to run the overlay over management",
		"lab.yaml:23:50: hosts[0].interfaces[1].address: 172.16.0.5 is outside the overlay network 192.168.0.0/16; expected an address in it",
		"lab.yaml:28:50: hosts[1].interfaces[1].address: 172.16.0.6 is outside the overlay network 192.168.0.0/16; expected an address in it",
		"lab.yaml:34:50: hosts[2].interfaces[1].address: 172.16.0.10 is outside the overlay network 192.168.0.0/16; expected an address in it",
		"lab.yaml:41:50: hosts[3].interfaces[1].address: 172.16.0.20 is outside the overlay network 192.168.0.0/16; expected an address in it",
	}},
	{name: "overlay cidr malformed", edits: []string{"cidr: 172.16.0.0/24", "cidr: 172.16.0.0"}, want: []string{
		"lab.yaml:14:11: networks.overlay.cidr: \"172.16.0.0\" is not a CIDR; expected an IPv4 network in CIDR form such as 192.168.222.0/24",
	}},
	{name: "vni range zero", edits: []string{"\"1:1000\"", "\"0:10\""}, want: []string{
		"lab.yaml:15:16: networks.overlay.vni_range: \"0:10\" is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000",
	}},
	{name: "vni range reversed", edits: []string{"\"1:1000\"", "\"10:5\""}, want: []string{
		"lab.yaml:15:16: networks.overlay.vni_range: \"10:5\" is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000",
	}},
	{name: "vni range too large", edits: []string{"\"1:1000\"", "\"1:16777216\""}, want: []string{
		"lab.yaml:15:16: networks.overlay.vni_range: \"1:16777216\" is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000",
	}},
	{name: "vni range largest", edits: []string{"\"1:1000\"", "\"16777215:16777215\""}, want: nil},
	{name: "vni range malformed", edits: []string{"\"1:1000\"", "\"1-1000\""}, want: []string{
		"lab.yaml:15:16: networks.overlay.vni_range: \"1-1000\" is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000",
	}},
	{name: "vni range signed", edits: []string{"\"1:1000\"", "\"+1:1000\""}, want: []string{
		"lab.yaml:15:16: networks.overlay.vni_range: \"+1:1000\" is not a VNI range; expected N:M with 1 <= N <= M <= 16777215, such as 1:1000",
	}},
	{name: "physnet bad character", edits: []string{"physnet: provider", "physnet: \"pro vider\""}, want: []string{
		"lab.yaml:17:14: networks.provider.physnet: character ' ' is not allowed in a physical network name; expected letters, digits, '.', '_' and '-'",
	}},
	{name: "host name bad character", edits: []string{"name: controller", "name: Cm_cent1"}, want: []string{
		"lab.yaml:19:11: hosts[0].name: character '_' is not allowed in a host name; expected letters, digits and '-'",
	}},
	{name: "host name starts with dash", edits: []string{"name: compute", "name: -compute"}, want: []string{
		"lab.yaml:30:11: hosts[2].name: \"-compute\" is not a host name; expected an RFC 1123 label: 1 to 63 letters, digits or '-', not starting or ending with '-'",
	}},
	{name: "host name too long", edits: []string{"name: compute", "name: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"}, want: []string{
		"lab.yaml:30:11: hosts[2].name: \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\" is not a host name; expected an RFC 1123 label: 1 to 63 letters, digits or '-', not starting or ending with '-'",
	}},
	{name: "host name and domain too long", edits: []string{"domain: lab.local", "domain: ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddd"}, want: []string{
		"lab.yaml:19:11: hosts[0].name: with the domain, the FQDN is 258 characters long; expected at most 253: a shorter host name or domain",
		"lab.yaml:24:11: hosts[1].name: with the domain, the FQDN is 255 characters long; expected at most 253: a shorter host name or domain",
		"lab.yaml:30:11: hosts[2].name: with the domain, the FQDN is 255 characters long; expected at most 253: a shorter host name or domain",
	}},
	{name: "host name missing", edits: []string{"  - name: compute\n    roles: [compute]", "  - roles: [compute]"}, want: []string{
		"lab.yaml:30:5: hosts[2].name: missing; expected an RFC 1123 label: 1 to 63 letters, digits or '-', not starting or ending with '-'",
	}},
	{name: "host name duplicate in another case", edits: []string{"name: compute", "name: Neutron"}, want: []string{
		"lab.yaml:30:11: hosts[2].name: duplicate host name \"Neutron\" (hosts[1] has it); expected a name of its own",
	}},
	{name: "two controllers", edits: []string{"roles: [compute]", "roles: [compute, controller]"}, want: []string{
		"lab.yaml:31:22: hosts[2].roles[1]: a second controller (hosts[0] is one); expected exactly one controller, the reference guide's design",
	}},
	{name: "no controller", edits: []string{"roles: [controller]", "roles: [compute]"}, want: []string{
		"lab.yaml:19:3: hosts: no host has the controller role; expected exactly one controller, the reference guide's design",
	}},
	{name: "unknown role", edits: []string{"roles: [compute]", "roles: [compute, storage]"}, want: []string{
		"lab.yaml:31:22: hosts[2].roles[1]: unknown role \"storage\"; expected controller, network, compute or block",
	}},
	{name: "role twice", edits: []string{"roles: [compute]", "roles: [compute, compute]"}, want: []string{
		"lab.yaml:31:22: hosts[2].roles[1]: role compute is listed twice; expected it once",
	}},
	{name: "roles missing", edits: []string{"    roles: [compute]\n", ""}, want: []string{
		"lab.yaml:30:5: hosts[2].roles: missing; expected a list of roles from controller, network, compute and block",
	}},
	{name: "roles empty", edits: []string{"roles: [compute]", "roles: []"}, want: []string{
		"lab.yaml:31:12: hosts[2].roles: empty; expected a list of roles from controller, network, compute and block",
	}},
	{name: "roles not a list", edits: []string{"roles: [compute]", "roles: compute"}, want: []string{
		"lab.yaml:31:12: hosts[2].roles: expected a list, got a string",
	}},
	{name: "disk bad character", edits: []string{"disk: sda", "disk: sd-a"}, want: []string{
		"lab.yaml:37:11: hosts[3].disk: character '-' is not allowed in a disk name; expected lower-case letters and digits",
	}},
	{name: "disk upper case", edits: []string{"disk: sda", "disk: Sda"}, want: []string{
		"lab.yaml:37:11: hosts[3].disk: character 'S' is not allowed in a disk name; expected lower-case letters and digits",
	}},
	{name: "disk starts with digit", edits: []string{"disk: sda", "disk: 1sda"}, want: []string{
		"lab.yaml:37:11: hosts[3].disk: \"1sda\" is not a disk name; expected a device name under /dev such as sda, vda or nvme0n1",
	}},
	{name: "disk nvme", edits: []string{"disk: sda", "disk: nvme0n1"}, want: nil},
	{name: "cinder disk missing", edits: []string{"    cinder_disk: sdb\n", ""}, want: []string{
		"lab.yaml:35:5: hosts[3].cinder_disk: missing; expected the disk for the cinder-volumes volume group, such as sdb, since this host has the block role",
	}},
	{name: "cinder disk on a non-block host", edits: []string{"roles: [compute]", "roles: [compute]\n    cinder_disk: sdb"}, want: []string{
		"lab.yaml:32:18: hosts[2].cinder_disk: only a block host has a cinder disk; expected no cinder_disk, or the block role in roles",
	}},
	{name: "cinder disk is the install disk", edits: []string{"cinder_disk: sdb", "cinder_disk: sda"}, want: []string{
		"lab.yaml:38:18: hosts[3].cinder_disk: \"sda\" is also the install disk; expected another disk for the cinder-volumes volume group",
	}},
	{name: "cinder disk bad", edits: []string{"cinder_disk: sdb", "cinder_disk: /dev/sdb"}, want: []string{
		"lab.yaml:38:18: hosts[3].cinder_disk: character '/' is not allowed in a disk name; expected lower-case letters and digits",
	}},
	{name: "interface name missing", edits: []string{"{name: ens35, network: provider}", "{network: provider}"}, want: []string{
		"lab.yaml:29:9: hosts[1].interfaces[2].name: missing; expected a Linux interface name of at most 15 characters such as ens33",
	}},
	{name: "interface name too long", edits: []string{"{name: ens35, network: provider}", "{name: ens35678901234567, network: provider}"}, want: []string{
		"lab.yaml:29:16: hosts[1].interfaces[2].name: \"ens35678901234567\" is not an interface name; expected a Linux interface name of at most 15 characters such as ens33",
	}},
	{name: "interface name bad character", edits: []string{"{name: ens35, network: provider}", "{name: \"ens35;reboot\", network: provider}"}, want: []string{
		"lab.yaml:29:16: hosts[1].interfaces[2].name: character ';' is not allowed in an interface name; expected letters, digits, '.', '_' and '-'",
	}},
	{name: "interface name twice", edits: []string{"{name: ens35, network: provider}", "{name: ens34, network: provider}"}, want: []string{
		"lab.yaml:29:16: hosts[1].interfaces[2].name: interface name \"ens34\" is used by hosts[1].interfaces[1] too; expected each NIC once",
	}},
	{name: "mac malformed", edits: []string{"mac: \"00:0C:29:8C:82:4C\"", "mac: \"00:0C:29:8C:82\""}, want: []string{
		"lab.yaml:33:74: hosts[2].interfaces[0].mac: \"00:0C:29:8C:82\" is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C",
	}},
	{name: "mac duplicate", edits: []string{"mac: \"00:0C:29:8C:82:4C\"", "mac: \"00:0c:29:69:01:40\""}, want: []string{
		"lab.yaml:33:74: hosts[2].interfaces[0].mac: duplicate MAC address 00:0c:29:69:01:40 (hosts[1].interfaces[0] has it); expected each NIC's own MAC",
	}},
	{name: "network unknown", edits: []string{"{name: ens35, network: provider}", "{name: ens35, network: external}"}, want: []string{
		"lab.yaml:27:7: hosts[1].interfaces: no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents",
		"lab.yaml:29:32: hosts[1].interfaces[2].network: unknown network \"external\"; expected management, overlay or provider",
	}},
	{name: "network missing", edits: []string{"{name: ens35, network: provider}", "{name: ens35}"}, want: []string{
		"lab.yaml:27:7: hosts[1].interfaces: no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents",
		"lab.yaml:29:9: hosts[1].interfaces[2].network: missing; expected management, overlay or provider",
	}},
	{name: "provider with address", edits: []string{"{name: ens35, network: provider}", "{name: ens35, network: provider, address: 10.0.0.6}"}, want: []string{
		"lab.yaml:29:51: hosts[1].interfaces[2].address: a provider interface has no address (the guide brings it up with BOOTPROTO=none); expected no address",
	}},
	{name: "management without address", edits: []string{"{name: ens33, network: management, address: 192.168.222.20}", "{name: ens33, network: management}"}, want: []string{
		"lab.yaml:40:9: hosts[3].interfaces[0].address: missing; expected this interface's IPv4 address in the management network 192.168.222.0/24",
	}},
	{name: "overlay without address", edits: []string{"{name: ens34, network: overlay, address: 172.16.0.20}", "{name: ens34, network: overlay}"}, want: []string{
		"lab.yaml:41:9: hosts[3].interfaces[1].address: missing; expected this interface's IPv4 address in the overlay network 172.16.0.0/24",
	}},
	{name: "address malformed", edits: []string{"address: 192.168.222.20", "address: 192.168.222.300"}, want: []string{
		"lab.yaml:40:53: hosts[3].interfaces[0].address: \"192.168.222.300\" is not an IPv4 address; expected this interface's IPv4 address in the management network 192.168.222.0/24",
	}},
	{name: "address outside management", edits: []string{"address: 192.168.222.20", "address: 192.168.223.20"}, want: []string{
		"lab.yaml:40:53: hosts[3].interfaces[0].address: 192.168.223.20 is outside the management network 192.168.222.0/24; expected an address in it",
	}},
	{name: "address outside overlay", edits: []string{"address: 172.16.0.20", "address: 172.16.1.20"}, want: []string{
		"lab.yaml:41:50: hosts[3].interfaces[1].address: 172.16.1.20 is outside the overlay network 172.16.0.0/24; expected an address in it",
	}},
	{name: "address broadcast", edits: []string{"address: 192.168.222.20", "address: 192.168.222.255"}, want: []string{
		"lab.yaml:40:53: hosts[3].interfaces[0].address: 192.168.222.255 is the management network's broadcast address; expected a host address in 192.168.222.0/24",
	}},
	{name: "address duplicate", edits: []string{"address: 192.168.222.20", "address: 192.168.222.10"}, want: []string{
		"lab.yaml:40:53: hosts[3].interfaces[0].address: duplicate address 192.168.222.10 (hosts[2].interfaces[0] has it); expected an address of its own",
	}},
	{name: "address is the gateway", edits: []string{"address: 192.168.222.20", "address: 192.168.222.2"}, want: []string{
		"lab.yaml:40:53: hosts[3].interfaces[0].address: duplicate address 192.168.222.2 (networks.management.gateway has it); expected an address of its own",
	}},
	{name: "no management interface", edits: []string{"{name: ens33, network: management, address: 192.168.222.20}", "{name: ens33, network: provider}"}, want: []string{
		"lab.yaml:40:7: hosts[3].interfaces: no management interface; expected exactly one interface with network: management",
	}},
	{name: "two management interfaces", edits: []string{"{name: ens34, network: overlay, address: 172.16.0.20}", "{name: ens34, network: management, address: 192.168.222.21}"}, want: []string{
		"lab.yaml:41:32: hosts[3].interfaces[1].network: a second management interface (hosts[3].interfaces[0] is one); expected one per host",
	}},
	{name: "two provider interfaces", edits: []string{"{name: ens34, network: overlay, address: 172.16.0.6}", "{name: ens34, network: provider}"}, want: []string{
		"lab.yaml:27:7: hosts[1].interfaces: no overlay interface; expected one on networks.overlay.cidr 172.16.0.0/24, since this host runs the Linux bridge agent",
		"lab.yaml:29:32: hosts[1].interfaces[2].network: a second provider interface (hosts[1].interfaces[1] is one); expected one per host",
	}},
	{name: "overlay interface without overlay cidr", edits: []string{"    cidr: 172.16.0.0/24\n", ""}, want: []string{
		"lab.yaml:22:32: hosts[0].interfaces[1].network: an overlay interface needs networks.overlay.cidr; expected that cidr set, or no overlay interface to run the overlay over management",
		"lab.yaml:27:32: hosts[1].interfaces[1].network: an overlay interface needs networks.overlay.cidr; expected that cidr set, or no overlay interface to run the overlay over management",
		"lab.yaml:33:32: hosts[2].interfaces[1].network: an overlay interface needs networks.overlay.cidr; expected that cidr set, or no overlay interface to run the overlay over management",
		"lab.yaml:40:32: hosts[3].interfaces[1].network: an overlay interface needs networks.overlay.cidr; expected that cidr set, or no overlay interface to run the overlay over management",
	}},
	{name: "network node without provider interface", edits: []string{"      - {name: ens35, network: provider}\n", ""}, want: []string{
		"lab.yaml:27:7: hosts[1].interfaces: no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents",
	}},
	{name: "controller running the agents without provider interface", edits: []string{"roles: [network]", "roles: [compute]"}, want: []string{
		"lab.yaml:22:7: hosts[0].interfaces: no provider interface; expected one (network: provider), since this host runs the Neutron L3 and DHCP agents",
	}},
	{name: "compute without overlay interface", edits: []string{"      - {name: ens34, network: overlay, address: 172.16.0.10}\n", ""}, want: []string{
		"lab.yaml:33:7: hosts[2].interfaces: no overlay interface; expected one on networks.overlay.cidr 172.16.0.0/24, since this host runs the Linux bridge agent",
	}},
	{name: "hosts missing", edits: []string{"hosts:\n", "hostz:\n"}, want: []string{
		"lab.yaml:1:1: hosts: missing; expected a list of hosts, one of them the controller",
		"lab.yaml:18:1: hostz: unknown field; expected one of version, name, domain, region, timezone, ntp, dns, neutron, networks, hosts",
	}},
	{name: "hosts empty", edits: []string{"hosts:\n", "hosts: []\nhostz:\n"}, want: []string{
		"lab.yaml:18:8: hosts: empty; expected a list of hosts, one of them the controller",
		"lab.yaml:19:1: hostz: unknown field; expected one of version, name, domain, region, timezone, ntp, dns, neutron, networks, hosts",
	}},
	{name: "interfaces not a list", edits: []string{"roles: [block]", "roles: [block]\n    interfaces: eth0\n    x:"}, want: []string{
		"lab.yaml:37:17: hosts[3].interfaces: expected a list, got a string",
		"lab.yaml:38:5: hosts[3].x: unknown field; expected one of name, roles, disk, cinder_disk, interfaces",
		"lab.yaml:41:5: hosts[3].interfaces: set twice (first on line 37); expected it once",
	}},
	{name: "string got a mapping", edits: []string{"name: lab", "name: {a: b}"}, want: []string{
		"lab.yaml:2:7: name: expected a string, got a mapping",
	}},
	{name: "string got a number", edits: []string{"timezone: Asia/Shanghai", "timezone: 8"}, want: []string{
		"lab.yaml:4:11: timezone: expected a string, got a number (quote it to make it a string)",
	}},
	{name: "string got a boolean", edits: []string{"timezone: Asia/Shanghai", "timezone: true"}, want: []string{
		"lab.yaml:4:11: timezone: expected a string, got a boolean (quote it to make it a string)",
	}},
	{name: "string got a custom tag", edits: []string{"timezone: Asia/Shanghai", "timezone: !tz Asia/Shanghai"}, want: []string{
		"lab.yaml:4:11: timezone: expected a string, got a value tagged \"!tz\"",
	}},
	{name: "integer got a number with a fraction", edits: []string{"version: 1", "version: 1.0"}, want: []string{
		"lab.yaml:1:10: version: expected an integer, got a number",
	}},
	{name: "string got null", edits: []string{"name: lab", "name:"}, want: []string{
		"lab.yaml:2:6: name: expected a string, got nothing",
	}},
	{name: "alias", edits: []string{"name: lab", "name: &n lab\nregion: *n"}, want: []string{
		"lab.yaml:3:9: region: aliases (*n) are not supported; expected the value written out",
	}},
	{name: "several errors sorted by position", edits: []string{"mac: \"00:0C:29:8C:82:4C\"", "mac: \"00:0C:29:8C:82\"", "version: 1", "version: 3"}, want: []string{
		"lab.yaml:1:10: version: 3 is not supported; expected 1",
		"lab.yaml:33:74: hosts[2].interfaces[0].mac: \"00:0C:29:8C:82\" is not a MAC address; expected six colon-separated hex pairs such as 00:0C:29:8C:82:4C",
	}},
	{name: "syntax error", whole: true, doc: "version: 1\nname: [lab\n", want: []string{
		"lab.yaml:1: invalid YAML: did not find expected ',' or ']'",
	}},
	{name: "tabs", whole: true, doc: "version: 1\n\tname: lab\n", want: []string{
		"lab.yaml:2: invalid YAML: found a tab character that violates indentation",
	}},
	{name: "empty file", whole: true, doc: "", want: []string{
		"lab.yaml:1:1: empty site file; expected a YAML mapping that starts with version: 1",
	}},
	{name: "comments only", whole: true, doc: "# nothing\n", want: []string{
		"lab.yaml:1:1: empty site file; expected a YAML mapping that starts with version: 1",
	}},
	{name: "two documents", whole: true, doc: base + "---\nversion: 1\n", want: []string{
		"lab.yaml:42:1: a second YAML document; expected one site per file",
	}},
	{name: "not a mapping", whole: true, doc: "- version: 1\n", want: []string{
		"lab.yaml:1:1: expected a mapping (key: value lines), got a list",
	}},
	{name: "field name not a string", whole: true, doc: "version: 1\n[a]: b\n", want: []string{
		"lab.yaml:1:1: name: missing; expected a short name such as lab",
		"lab.yaml:1:1: domain: missing; expected dot-separated RFC 1123 labels such as lab.local",
		"lab.yaml:1:1: networks.management.cidr: missing; expected an IPv4 network in CIDR form such as 192.168.222.0/24",
		"lab.yaml:1:1: hosts: missing; expected a list of hosts, one of them the controller",
		"lab.yaml:2:1: expected a field name, got a list",
	}},
}
