package health

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	volservices "github.com/gophercloud/gophercloud/v2/openstack/blockstorage/v3/services"
	novaservices "github.com/gophercloud/gophercloud/v2/openstack/compute/v2/services"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/agents"

	"github.com/rockyiso/rockyiso/site"
)

// Agent is what the checks need of a Neutron agent.
type Agent struct {
	Binary, Host string
	Alive        bool
}

// Service is what the checks need of a Nova or Cinder service.
type Service struct {
	Binary, Host, State string
}

// sameHost reports whether an API's host name is the site's host h (the
// node may know itself by its short or its full name; Cinder appends
// @backend).
func sameHost(api string, h *site.Host, domain string) bool {
	api, _, _ = strings.Cut(api, "@")
	return strings.EqualFold(api, h.Name) || (domain != "" && strings.EqualFold(api, h.Name+"."+domain))
}

// wantAgents are the Neutron agents host h runs.
func wantAgents(s *site.Site, h *site.Host) []string {
	l2 := "neutron-linuxbridge-agent"
	if s.Neutron.Driver == site.OpenVSwitch {
		l2 = "neutron-openvswitch-agent"
	}
	want := []string{l2}
	if s.RunsNetworkAgents(h) {
		want = append(want, "neutron-dhcp-agent", "neutron-l3-agent", "neutron-metadata-agent")
	}
	return want
}

// agentProblem says which of want is missing or dead on h, or "".
func agentProblem(all []Agent, want []string, h *site.Host, domain string) string {
	var bad []string
	for _, w := range want {
		i := slices.IndexFunc(all, func(a Agent) bool { return a.Binary == w && sameHost(a.Host, h, domain) })
		switch {
		case i < 0:
			bad = append(bad, w+" is not registered")
		case !all[i].Alive:
			bad = append(bad, w+" is dead")
		}
	}
	return strings.Join(bad, ", ")
}

// serviceProblem says why binary on h is not up, or "".
func serviceProblem(all []Service, binary string, h *site.Host, domain string) string {
	i := slices.IndexFunc(all, func(s Service) bool { return s.Binary == binary && sameHost(s.Host, h, domain) })
	switch {
	case i < 0:
		return binary + " is not registered"
	case all[i].State != "up":
		return binary + " is " + all[i].State
	}
	return ""
}

func agentsAlive(ctx context.Context, pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts, s *site.Site, h *site.Host) error {
	nc, err := openstack.NewNetworkV2(pc, eo)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	pages, err := agents.List(nc, nil).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("checking health: listing network agents: %w", err)
	}
	as, err := agents.ExtractAgents(pages)
	if err != nil {
		return fmt.Errorf("checking health: listing network agents: %w", err)
	}
	all := make([]Agent, len(as))
	for i, a := range as {
		all[i] = Agent{Binary: a.Binary, Host: a.Host, Alive: a.Alive}
	}
	if p := agentProblem(all, wantAgents(s, h), h, s.Domain); p != "" {
		return fmt.Errorf("checking health: %s", p)
	}
	return nil
}

func computeUp(ctx context.Context, pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts, h *site.Host, domain string) error {
	cc, err := openstack.NewComputeV2(pc, eo)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	pages, err := novaservices.List(cc, novaservices.ListOpts{Binary: "nova-compute"}).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("checking health: listing compute services: %w", err)
	}
	ss, err := novaservices.ExtractServices(pages)
	if err != nil {
		return fmt.Errorf("checking health: listing compute services: %w", err)
	}
	all := make([]Service, len(ss))
	for i, s := range ss {
		all[i] = Service{Binary: s.Binary, Host: s.Host, State: s.State}
	}
	if p := serviceProblem(all, "nova-compute", h, domain); p != "" {
		return fmt.Errorf("checking health: %s", p)
	}
	return nil
}

func volumeUp(ctx context.Context, pc *gophercloud.ProviderClient, eo gophercloud.EndpointOpts, h *site.Host, domain string) error {
	bc, err := openstack.NewBlockStorageV3(pc, eo)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	pages, err := volservices.List(bc, volservices.ListOpts{Binary: "cinder-volume"}).AllPages(ctx)
	if err != nil {
		return fmt.Errorf("checking health: listing volume services: %w", err)
	}
	ss, err := volservices.ExtractServices(pages)
	if err != nil {
		return fmt.Errorf("checking health: listing volume services: %w", err)
	}
	all := make([]Service, len(ss))
	for i, s := range ss {
		all[i] = Service{Binary: s.Binary, Host: s.Host, State: s.State}
	}
	if p := serviceProblem(all, "cinder-volume", h, domain); p != "" {
		return fmt.Errorf("checking health: %s", p)
	}
	return nil
}
