package steps

import (
	"fmt"
	"regexp"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// hosts names every node of the site in /etc/hosts.
func (b *builder) hosts() Step {
	var lines []string
	for _, h := range b.site.Hosts {
		name := h.Name
		if b.site.Domain != "" {
			name = h.Name + "." + b.site.Domain + " " + h.Name
		}
		lines = append(lines, fmt.Sprintf("%-15s %s", h.ManagementIP(), name))
	}
	return newStep("hosts", blockFile(host.Hosts, public, block{lines: lines}))
}

// chrony: the controller serves time from the site's NTP servers to the
// management network; the other nodes follow the controller.
func (b *builder) chrony() Step {
	var lines []string
	if b.self.Has(site.Controller) {
		for _, s := range b.site.NTP {
			lines = append(lines, "server "+s+" iburst")
		}
		lines = append(lines, "allow "+b.site.Networks.Management.CIDR)
	} else {
		lines = append(lines, "server "+b.ctrl+" iburst")
	}
	return newStep("chrony",
		blockFile(host.ChronyConf, public, block{lines: lines, comment: regexp.MustCompile(`^(server|pool|allow)\s`)}),
		restart("chronyd.service"))
}

// kernel loads br_netfilter now and at boot and sets the bridge (and, for
// Open vSwitch, reverse path filter) sysctls.
func (b *builder) kernel() Step {
	lines := []string{
		"net.bridge.bridge-nf-call-iptables = 1",
		"net.bridge.bridge-nf-call-ip6tables = 1",
	}
	if b.ovs() {
		lines = append(lines, "net.ipv4.conf.all.rp_filter = 0", "net.ipv4.conf.default.rp_filter = 0")
	}
	return newStep("kernel",
		wholeFile(host.ModulesLoadBr, public, "br_netfilter\n"),
		run(cmd(host.Modprobe, "br_netfilter"), cmd(host.Grep, "-qw", "^br_netfilter", "/proc/modules")),
		blockFile(host.SysctlConf, public, block{lines: lines}),
		runOnChange(cmd(host.Sysctl, "-p", host.SysctlConf)))
}

// firewall opens the ports of the node's services.
func (b *builder) firewall() Step {
	as := []Action{enable("firewalld.service")}
	for _, p := range b.site.Ports(b.self) {
		as = append(as, run(
			cmd(host.FirewallCmd, "--permanent", "--add-port="+p.String()),
			cmd(host.FirewallCmd, "--permanent", "--query-port="+p.String())))
	}
	as = append(as, runOnChange(cmd(host.FirewallCmd, "--reload")))
	return newStep("firewall", as...)
}

// waitController waits for the controller's services.
func (b *builder) waitController() Step {
	s := newStep("wait-controller", waitController())
	s.policy = WaitPolicy
	return s
}

// health checks the node's work and records it.
func (b *builder) health() Step {
	s := newStep("health", healthy(b.node))
	s.policy = WaitPolicy
	return s
}
