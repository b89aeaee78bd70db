package depsolve_test

import (
	"slices"
	"testing"

	"github.com/rockyiso/rockyiso/internal/rpmgen"
	"github.com/rockyiso/rockyiso/rpmcache/depsolve"
	"github.com/rockyiso/rockyiso/site"
)

// TestGeneratedClosures checks that the generated universe exercises
// what the dnf oracle test is meant to compare: each rule shows up in
// the closures of the roles.
func TestGeneratedClosures(t *testing.T) {
	solver := depsolve.New(fromSpecs(t, rpmgen.Universe(rpmgen.Options{Packages: 3000, Seed: 1})), depsolve.Options{})
	for _, tc := range []struct {
		role     site.Role
		has, not []string
	}{
		{site.Controller,
			[]string{"mariadb-server-3:10.1.20-2.el7.x86_64", "python2-memcached-1.58-1.el7.noarch", "httpd-2.4.6-97.el7.centos.x86_64",
				"python2-openstackclient-3.16.3-1.el7.noarch", "python-XStatic-jQuery-1.10.2.1-1.el7.noarch", "python2-oslo-utils-3.36.10-1.el7.noarch",
				"python2-eventlet-0.20.1-6.el7.noarch", "erlang-erts-19.3.6.4-1.el7.x86_64", "memcached-1.5.6-1.el7.x86_64"},
			[]string{"python-memcached-1.48-4.el7.noarch", "boa-httpd-0.94-1.el7.x86_64", "mariadb-1:5.5.68-1.el7.x86_64", "python-six-1.9.0-2.el7.noarch"}},
		{site.Compute,
			[]string{"qemu-kvm-ev-10:2.12.0-44.1.el7_8.1.x86_64", "compat-libcompat-1.0-1.el7.i686", "libgcc-4.8.5-44.el7.i686",
				"libgcc-4.8.5-44.el7.x86_64", "glibc-2.17-326.el7_9.i686", "python2-os-vif-1.11.1-1.el7.noarch",
				"openstack-nova-compute-1:18.3.0-1.el7.noarch", "python2-msgpack-0.5.6-5.el7.x86_64", "libvirt-client-4.5.0-36.el7_9.5.x86_64"},
			[]string{"qemu-kvm-10:1.5.3-175.el7_9.3.x86_64", "python-msgpack-0.4.6-3.el7.x86_64", "glibc-2.17-317.el7.x86_64"}},
		{site.Block,
			[]string{"lvm2-7:2.02.187-6.el7_9.5.x86_64", "qemu-img-ev-10:2.12.0-44.1.el7_8.1.x86_64", "targetcli-2.1.fb49-1.el7.noarch",
				"device-mapper-persistent-data-0.8.5-3.el7_9.2.x86_64", "shadow-utils-2:4.6-5.el7.x86_64"},
			[]string{"qemu-img-10:1.5.3-175.el7.x86_64"}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			got, err := solver.Resolve(append(site.RolePackages(tc.role, site.OpenVSwitch), rpmgen.CoreGroup...))
			if err != nil {
				t.Fatal(err)
			}
			n := nevras(got)
			for _, h := range tc.has {
				if !slices.Contains(n, h) {
					t.Errorf("closure lacks %s", h)
				}
			}
			for _, h := range tc.not {
				if slices.Contains(n, h) {
					t.Errorf("closure has %s", h)
				}
			}
			if len(n) < 150 {
				t.Errorf("closure has only %d packages: fillers not reached", len(n))
			}
		})
	}
}
