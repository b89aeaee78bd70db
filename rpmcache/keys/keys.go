// Package keys ships the OpenPGP public keys rockyiso pins for the CentOS 7
// repositories it mirrors by default, as published by the CentOS project
// (the files /etc/pki/rpm-gpg/RPM-GPG-KEY-* of centos-release and the
// centos-release-* SIG packages).
//
// A key is referred to by its file name, e.g. "RPM-GPG-KEY-CentOS-7".
package keys

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.asc
var files embed.FS

// Names of the built-in keys.
const (
	CentOS7  = "RPM-GPG-KEY-CentOS-7"         // os, updates, extras: fingerprint 6341AB2753D78A78A7C27BB124C6A8A7F4A80EB5
	SIGCloud = "RPM-GPG-KEY-CentOS-SIG-Cloud" // openstack-rocky: fingerprint 736AF5116D9C40E2AF6B074BF9B9FEE7764429E6
)

// Known but not shipped: the Storage and Virtualization SIG keys that sign
// the ceph-luminous and qemu-ev (kvm-common) repos. They are read from
// /etc/pki/rpm-gpg on a CentOS host, or named by path in a sources file.
// Dropping <name>.asc into this package's directory builds one in.
const (
	SIGStorage        = "RPM-GPG-KEY-CentOS-SIG-Storage"
	SIGVirtualization = "RPM-GPG-KEY-CentOS-SIG-Virtualization"
)

// ErrNotBuiltin reports a key name that is not shipped with rockyiso.
var ErrNotBuiltin = errors.New("keys: not a built-in key")

// Get returns the armored public key block of a built-in key.
func Get(name string) ([]byte, error) {
	if strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("%w: %q", ErrNotBuiltin, name)
	}
	b, err := files.ReadFile(name + ".asc")
	if err != nil {
		return nil, fmt.Errorf("%w: %q (built in: %s)", ErrNotBuiltin, name, strings.Join(Names(), ", "))
	}
	return b, nil
}

// Names lists the built-in keys, sorted.
func Names() []string {
	ents, _ := fs.ReadDir(files, ".")
	var ns []string
	for _, e := range ents {
		ns = append(ns, strings.TrimSuffix(e.Name(), ".asc"))
	}
	sort.Strings(ns)
	return ns
}
