package source

import "github.com/rockyiso/rockyiso/rpmcache/keys"

// Vault is where the CentOS project archives CentOS 7.9.2009.
const Vault = "https://vault.centos.org/7.9.2009/"

// Default returns the built-in repositories: CentOS 7.9.2009 os, updates
// and extras, the Cloud SIG's openstack-rocky repo, and the two repos that
// centos-release-openstack-rocky enables beside it (via
// centos-release-ceph-luminous and centos-release-qemu-ev): the Storage
// SIG's ceph-luminous and the Virtualization SIG's kvm-common (qemu-ev).
// All from the CentOS vault, each with its signing key pinned, and all at
// the default priority as the centos-release packages leave them, so the
// newest version wins across repos (openstack-rocky updates base packages). The Storage
// and Virtualization SIG keys are not shipped: they are read from
// /etc/pki/rpm-gpg (centos-release-storage-common and
// centos-release-virt-common install them there), or a sources file names
// their files.
func Default() *Sources {
	return &Sources{Repos: []Repo{
		{Name: "base", BaseURL: Vault + "os/x86_64/", Priority: DefaultPriority, Keys: []string{keys.CentOS7}},
		{Name: "updates", BaseURL: Vault + "updates/x86_64/", Priority: DefaultPriority, Keys: []string{keys.CentOS7}},
		{Name: "extras", BaseURL: Vault + "extras/x86_64/", Priority: DefaultPriority, Keys: []string{keys.CentOS7}},
		{Name: "centos-openstack-rocky", BaseURL: Vault + "cloud/x86_64/openstack-rocky/", Priority: DefaultPriority, Keys: []string{keys.SIGCloud}},
		{Name: "centos-ceph-luminous", BaseURL: Vault + "storage/x86_64/ceph-luminous/", Priority: DefaultPriority, Keys: []string{keys.SIGStorage}},
		{Name: "centos-qemu-ev", BaseURL: Vault + "virt/x86_64/kvm-common/", Priority: DefaultPriority, Keys: []string{keys.SIGVirtualization}},
	}}
}
