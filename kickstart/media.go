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

// ErrMedia is returned for a --media value that is neither cdrom nor an
// http(s) URL.
var ErrMedia = errors.New("kickstart: bad media")

// Media is where the installer finds the packages, the firstboot binary
// and the node bundles: the ISO it booted from, or an HTTP tree (PXE).
type Media struct {
	// URL is the base of the HTTP tree without a trailing slash; empty
	// for the CD-ROM (or USB stick) the installer booted from.
	URL string
}

// CDROM is the media of a role ISO.
var CDROM = Media{}

// ParseMedia reads a --media value: "cdrom" or "http://SERVER/path".
func ParseMedia(s string) (Media, error) {
	if s == "" || s == "cdrom" {
		return CDROM, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Media{}, fmt.Errorf("%w %q: want cdrom or an http:// or https:// URL of the media tree", ErrMedia, s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil || !safe(s) {
		return Media{}, fmt.Errorf("%w %q: the URL must be a plain http://SERVER/path, with no query, user or spaces", ErrMedia, s)
	}
	return Media{URL: strings.TrimRight(s, "/")}, nil
}

// IsCDROM reports whether the install runs from the booted media.
func (m Media) IsCDROM() bool { return m.URL == "" }

// String is the --media form.
func (m Media) String() string {
	if m.IsCDROM() {
		return "cdrom"
	}
	return m.URL
}

// Source is where the installer reads rel (a layouts path) from: a file
// under the mounted media, or a URL.
func (m Media) Source(rel string) string {
	if m.IsCDROM() {
		return path.Join(layouts.InstallRepo, rel)
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
