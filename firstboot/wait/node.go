package wait

import (
	"fmt"
	"net/http"

	"github.com/rockyiso/rockyiso/firstboot/identity"
	"github.com/rockyiso/rockyiso/site"
)

// serviceUsers is the Keystone user each role's services log in as,
// with the secret holding its password, by preference.
var serviceUsers = []struct {
	role         site.Role
	user, secret string
}{
	{site.Compute, "nova", site.NovaPass},
	{site.Network, "neutron", site.NeutronPass},
	{site.Block, "cinder", site.CinderPass},
}

// ControllerChecks lists what node h waits for before its own steps: a
// token for its service user on the service project, the openstack
// user's AMQP login, then the Placement and Nova APIs. It also returns
// the secrets to pass as Options.Redact.
func ControllerChecks(s *site.Site, h *site.Host, sec site.Secrets, hc *http.Client) ([]Check, []string, error) {
	ctl := s.ControllerName()
	user, secret := serviceUser(h)
	if user == "" {
		return nil, nil, fmt.Errorf("waiting for the controller: host %s has no role that waits for it", h.Name)
	}
	for _, k := range []string{secret, site.RabbitPass} {
		if sec[k] == "" {
			return nil, nil, fmt.Errorf("waiting for the controller: %w %s", site.ErrMissingSecret, k)
		}
	}
	checks := []Check{
		KeystoneToken(hc, "http://"+ctl+":5000/v3", identity.PasswordAuth{Name: user, Domain: identity.DefaultDomain,
			Password: sec[secret], Project: "service"}),
		RabbitMQ(ctl+":5672", "openstack", sec[site.RabbitPass]),
		API("placement", hc, "http://"+ctl+":8778/"),
		API("nova", hc, "http://"+ctl+":8774/"),
	}
	return checks, []string{sec[secret], sec[site.RabbitPass]}, nil
}

func serviceUser(h *site.Host) (user, secret string) {
	for _, su := range serviceUsers {
		if h.Has(su.role) {
			return su.user, su.secret
		}
	}
	return "", ""
}
