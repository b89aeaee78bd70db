package steps

import (
	"strings"

	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// For returns node n's steps in the guide's order: what every node does,
// then each of its roles. This is the one list.
func For(n *site.Node, f Facts) []Step {
	b := newBuilder(n, f)
	h := b.self
	ss := []Step{b.hosts(), b.chrony(), b.kernel(), b.firewall()}
	if h.Has(site.Controller) {
		ss = append(ss, b.mariadb(), b.rabbitmq(), b.memcached(), b.etcd(),
			b.keystone(), b.glance(), b.novaController(), b.neutronServer())
	} else {
		ss = append(ss, b.waitController())
	}
	if b.site.RunsNetworkAgents(h) {
		ss = append(ss, b.networkAgents())
	}
	if h.Has(site.Controller) {
		ss = append(ss, b.horizon())
		if b.site.HasBlock() {
			ss = append(ss, b.cinderController())
		}
	}
	if h.Has(site.Compute) {
		ss = append(ss, b.novaCompute(), b.neutronCompute())
	}
	if h.Has(site.Block) {
		ss = append(ss, b.cinderVolume())
	}
	return append(ss, b.health())
}

// Facts are what firstboot learns from the host before planning.
type Facts struct {
	// KVM is whether the CPU has the vmx or svm flag.
	KVM bool
}

// Gather reads the facts from the host.
func Gather(r *host.Root) Facts {
	b, err := r.ReadFile(host.CPUInfo)
	if err != nil {
		return Facts{}
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "flags") {
			fs := strings.Fields(l)
			for _, f := range fs {
				if f == "vmx" || f == "svm" {
					return Facts{KVM: true}
				}
			}
		}
	}
	return Facts{}
}

// builder holds what every step of one node reads.
type builder struct {
	node  *site.Node
	site  *site.Site
	self  *site.Host
	ctrl  string
	facts Facts
}

func newBuilder(n *site.Node, f Facts) *builder {
	return &builder{node: n, site: n.Site, self: n.Self(), ctrl: n.Site.ControllerName(), facts: f}
}

func (b *builder) secret(name string) string { return b.node.Secrets[name] }

func (b *builder) ovs() bool { return b.site.Neutron.Driver == site.OpenVSwitch }

// Owners of the configuration files, as the CentOS packages ship them.
var (
	public = host.Owner{User: "root", Group: "root", Mode: 0o644}
	secret = host.Owner{User: "root", Group: "root", Mode: 0o600}
)

// service returns the owner of a service's configuration: root:group 0640.
func serviceOwner(group string) host.Owner {
	return host.Owner{User: "root", Group: group, Mode: 0o640}
}

// Common values.
func (b *builder) url(port string) string { return "http://" + b.ctrl + ":" + port }

func (b *builder) dbURL(user, pass, db string) string {
	return "mysql+pymysql://" + user + ":" + pass + "@" + b.ctrl + "/" + db
}

func (b *builder) transportURL() string {
	return "rabbit://openstack:" + b.secret(site.RabbitPass) + "@" + b.ctrl
}

func (b *builder) memcachedServers() string { return b.ctrl + ":11211" }
