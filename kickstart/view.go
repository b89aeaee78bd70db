package kickstart

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
)

// hostSections are the templates rendered once per host. A role
// kickstart writes "network" (it holds the host name) and any other whose
// text differs between the role's hosts from %pre, for %include.
var hostSections = []string{"timezone", "network", "firewall", "storage"}

// ErrNoHost is returned when the host or role names no host of the site.
var ErrNoHost = errors.New("kickstart: no such host")

// View is the data of the whole-kickstart templates (ks, header, source,
// packages, pre, post, hosts, unit, yumrepo).
type View struct {
	Site *site.Site
	// Role is set for a role kickstart, empty for a host kickstart.
	Role             site.Role
	Hosts            []*HostView
	Media            Media
	RootPasswordHash string
	// Packages is the union of the hosts' packages, without @core.
	Packages []string
	// Included names the sections %pre writes for %include.
	Included []string
	Paths    Paths
}

// HostView is the data of the per-host section templates (timezone,
// network, firewall, storage).
type HostView struct {
	*site.Host
	Site *site.Site
	FQDN string
	// MACs are the host's MAC addresses in lower case.
	MACs []string
	NICs []NIC
	// NTP are the servers chronyd uses: upstream on the controller, the
	// controller on the other nodes (the guide's design).
	NTP []string
	// Ports are firewalld ports in kickstart form, "5000:tcp".
	Ports []string
	// Sections holds the host's rendered sections by name.
	Sections map[string]string
}

// NIC is one interface with what its network line needs.
type NIC struct {
	site.Interface
	Netmask    string
	Management bool
}

// Paths are the media and node paths the templates use (from layouts).
type Paths struct {
	// MediaRoot is Media.Root; FirstbootBin and NodesDir are below it.
	MediaRoot, FirstbootBin, NodesDir   string
	NodeFirstboot, NodeBundle, NodeUnit string
	UnitFile, DoneFile, RepoURL         string
	NodeRepoURL, NodeRepoFile           string
	// MediaMount is where an OEMDRV volume is mounted during the install.
	MediaMount string
}

func newView(d Data) (*View, error) {
	if d.Site == nil {
		return nil, errors.New("rendering kickstart: no site")
	}
	if err := checkSite(d.Site); err != nil {
		return nil, err
	}
	if err := checkRootHash(d.RootPasswordHash); err != nil {
		return nil, err
	}
	hosts, err := selectHosts(d)
	if err != nil {
		return nil, err
	}
	v := &View{Site: d.Site, Role: d.Role, Media: d.Media,
		RootPasswordHash: d.RootPasswordHash, Paths: newPaths(d.Media)}
	for _, h := range hosts {
		v.Hosts = append(v.Hosts, newHostView(d.Site, h))
		v.Packages = append(v.Packages, d.Site.Packages(h)...)
	}
	slices.Sort(v.Packages)
	v.Packages = slices.Compact(v.Packages)
	return v, nil
}

func selectHosts(d Data) ([]*site.Host, error) {
	switch {
	case (d.Host == "") == (d.Role == ""):
		return nil, errors.New("rendering kickstart: give either a host or a role")
	case d.Host != "":
		if h := d.Site.Host(d.Host); h != nil {
			return []*site.Host{h}, nil
		}
		return nil, fmt.Errorf("%w %q in site %s (hosts: %s)", ErrNoHost, d.Host, d.Site.Name, hostList(d.Site))
	}
	hs := d.Site.HostsWith(d.Role)
	if len(hs) == 0 {
		return nil, fmt.Errorf("%w: site %s has no host of role %q", ErrNoHost, d.Site.Name, d.Role)
	}
	return hs, nil
}

func hostList(s *site.Site) string {
	names := make([]string, len(s.Hosts))
	for i := range s.Hosts {
		names[i] = s.Hosts[i].Name
	}
	return strings.Join(names, ", ")
}

func newPaths(m Media) Paths {
	return Paths{
		MediaRoot:     m.Root(),
		FirstbootBin:  layouts.FirstbootBin,
		NodesDir:      layouts.NodesDir,
		NodeFirstboot: layouts.NodeFirstboot,
		NodeBundle:    layouts.NodeBundle,
		NodeUnit:      layouts.NodeUnit,
		UnitFile:      path.Join("/etc/systemd/system", layouts.NodeUnit),
		DoneFile:      path.Join(path.Dir(layouts.NodeState), "firstboot.done"),
		RepoURL:       m.RepoURL(),
		NodeRepoURL:   m.NodeRepoURL(),
		NodeRepoFile:  "/etc/yum.repos.d/rockyiso.repo",
		MediaMount:    OEMDRVMount,
	}
}

func newHostView(s *site.Site, h *site.Host) *HostView {
	hv := &HostView{Host: h, Site: s, FQDN: fqdn(s, h.Name), Sections: map[string]string{}}
	for _, n := range h.Interfaces {
		if n.MAC != "" {
			hv.MACs = append(hv.MACs, strings.ToLower(n.MAC))
		}
		hv.NICs = append(hv.NICs, NIC{Interface: n, Netmask: netmask(s, n.Network),
			Management: n.Network == site.NetManagement})
	}
	hv.NTP = s.NTP
	if !h.Has(site.Controller) {
		hv.NTP = []string{s.ControllerName()}
	}
	for _, p := range s.Ports(h) {
		hv.Ports = append(hv.Ports, p.Num+":"+p.Proto)
	}
	return hv
}

func fqdn(s *site.Site, name string) string {
	if s.Domain == "" {
		return name
	}
	return name + "." + s.Domain
}

func netmask(s *site.Site, network string) string {
	p := s.Prefix(network)
	if !p.IsValid() {
		return ""
	}
	return net.IP(net.CIDRMask(p.Bits(), 32)).String()
}

// renderSections renders every host's sections and decides which ones
// %pre must write.
func (v *View) renderSections(t *template.Template) error {
	for _, hv := range v.Hosts {
		for _, name := range hostSections {
			var b bytes.Buffer
			if err := t.ExecuteTemplate(&b, name, hv); err != nil {
				return fmt.Errorf("rendering %s section for host %s: %w", name, hv.Name, err)
			}
			hv.Sections[name] = strings.TrimSpace(b.String())
		}
	}
	if v.Role == "" {
		return nil
	}
	for _, name := range hostSections {
		if name == "network" || v.differs(name) {
			v.Included = append(v.Included, name)
		}
	}
	return nil
}

func (v *View) differs(name string) bool {
	for _, hv := range v.Hosts[1:] {
		if hv.Sections[name] != v.Hosts[0].Sections[name] {
			return true
		}
	}
	return false
}

// Section is the text of a per-host section in the kickstart: the
// section itself, or the %include of the file %pre writes for it.
func (v *View) Section(name string) (string, error) {
	if slices.Contains(v.Included, name) {
		return "%include " + IncludeFile(name), nil
	}
	s, ok := v.Hosts[0].Sections[name]
	if !ok {
		return "", fmt.Errorf("no host section %q (have %s)", name, strings.Join(hostSections, ", "))
	}
	return s, nil
}

// IncludeFile is where a role kickstart's %pre writes a host section.
func IncludeFile(name string) string { return "/tmp/rockyiso-" + name + ".ks" }

// HostNames lists the names of the kickstart's hosts.
func (v *View) HostNames() []string {
	names := make([]string, len(v.Hosts))
	for i, hv := range v.Hosts {
		names[i] = hv.Name
	}
	return names
}
