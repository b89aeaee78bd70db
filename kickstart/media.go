package kickstart

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/rockyiso/rockyiso/layouts"
)

// NodeMediaMount is where an installed node expects the install media to
// be mounted for its yum repo (cdrom installs): the node has no network
// repo, so the operator mounts the role ISO there to install more packages.
const NodeMediaMount = "/media"

// OEMDRVLabel is the volume label CentOS 7's installer searches for a
// kickstart (ks.cfg at its root) when booted with no inst.ks.
const OEMDRVLabel = "OEMDRV"

// OEMDRVMount is where a kickstart for an OEMDRV companion volume mounts
// that volume in %pre, so that its repo and files can be read.
const OEMDRVMount = "/run/install/oemdrv"

// ErrMedia is returned for a --media value that is neither cdrom nor an
// http(s) URL.
var ErrMedia = errors.New("kickstart: bad media")

// Media is where the installer finds the packages, the firstboot binary
// and the node bundles: the ISO it booted from, an HTTP tree (PXE), or an
// OEMDRV companion volume beside the stock CentOS media.
type Media struct {
	// URL is the base of the HTTP tree without a trailing slash; empty
	// for the CD-ROM (or USB stick) the installer booted from.
	URL string
	// Label, when set, is the label of the companion volume (OEMDRV)
	// that holds rockyiso's files; the OS comes from the booted media.
	Label string
}

// CDROM is the media of a role ISO.
var CDROM = Media{}

// OEMDRV is the media of an OEMDRV companion ISO.
var OEMDRV = Media{Label: OEMDRVLabel}

// ParseMedia reads a --media value: "cdrom", "oemdrv" or
// "http://SERVER/path".
func ParseMedia(s string) (Media, error) {
	switch s {
	case "", "cdrom":
		return CDROM, nil
	case "oemdrv":
		return OEMDRV, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Media{}, fmt.Errorf("%w %q: want cdrom, oemdrv or an http:// or https:// URL of the media tree", ErrMedia, s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil || !safe(s) {
		return Media{}, fmt.Errorf("%w %q: the URL must be a plain http://SERVER/path, with no query, user or spaces", ErrMedia, s)
	}
	return Media{URL: strings.TrimRight(s, "/")}, nil
}

// IsCDROM reports whether the OS installs from the booted media (a role
// ISO, or the stock media beside an OEMDRV volume).
func (m Media) IsCDROM() bool { return m.URL == "" }

// IsOEMDRV reports whether rockyiso's files are on an OEMDRV volume.
func (m Media) IsOEMDRV() bool { return m.Label != "" }

// String is the --media form.
func (m Media) String() string {
	switch {
	case m.IsOEMDRV():
		return "oemdrv"
	case m.IsCDROM():
		return "cdrom"
	}
	return m.URL
}

// Root is the media's root during the install: a mounted directory, or
// the base URL.
func (m Media) Root() string {
	switch {
	case m.IsOEMDRV():
		return OEMDRVMount
	case m.IsCDROM():
		return layouts.InstallRepo
	}
	return m.URL
}

// Source is where the installer reads rel (a layouts path) from: a file
// under the mounted media, or a URL.
func (m Media) Source(rel string) string {
	if m.IsCDROM() {
		return path.Join(m.Root(), rel)
	}
	return m.URL + "/" + rel
}

// RepoURL is the baseurl of the role repo during the install.
func (m Media) RepoURL() string {
	if m.IsCDROM() {
		return "file://" + m.Source(layouts.RepoDir)
	}
	return m.Source(layouts.RepoDir)
}

// NodeRepoURL is the baseurl of the role repo on the installed node.
func (m Media) NodeRepoURL() string {
	if m.IsCDROM() {
		return "file://" + path.Join(NodeMediaMount, layouts.RepoDir)
	}
	return m.Source(layouts.RepoDir)
}
