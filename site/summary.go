package site

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Summary writes a human summary of s: networks, then one line per host.
func Summary(w io.Writer, s *Site) error {
	// tabwriter reports a write error at Flush.
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	_, _ = fmt.Fprintf(tw, "site %s (%s), region %s, neutron %s\n", s.Name, s.Domain, s.Region, s.Neutron.Driver)
	_, _ = fmt.Fprintf(tw, "management\t%s\tgateway %s\n", s.Networks.Management.CIDR, s.Networks.Management.Gateway)
	ov := s.Networks.Overlay.CIDR
	if ov == "" {
		ov = "(management)"
	}
	_, _ = fmt.Fprintf(tw, "overlay\t%s\tvni %s\n", ov, s.Networks.Overlay.VNIRange)
	_, _ = fmt.Fprintf(tw, "provider\tphysnet %s\n", s.Networks.Provider.Physnet)
	_, _ = fmt.Fprintln(tw, "HOST\tROLES\tMANAGEMENT\tOVERLAY\tPROVIDER")
	for i := range s.Hosts {
		h := &s.Hosts[i]
		roles := make([]string, len(h.Roles))
		for j, r := range h.Roles {
			roles[j] = string(r)
		}
		prov := h.ProviderInterface()
		if prov == "" {
			prov = "-"
		}
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", h.Name, strings.Join(roles, ","), h.ManagementIP(), h.OverlayIP(), prov)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("writing summary: %w", err)
	}
	return nil
}
