// Package kickstart renders the Anaconda kickstarts that install CentOS 7
// on the nodes of a rockyiso site, in the RHEL 7 kickstart syntax that
// pykickstart's RHEL7 handler reads (ksvalidator -v RHEL7) and the
// kickstart reference of the RHEL 7 Installation Guide documents.
//
// A kickstart is rendered either for one host (Data.Host) or for every
// host of a role (Data.Role). A role kickstart's %pre finds which host the
// machine is, by a rockyiso.host=NAME kernel argument or else by the MAC
// of any of its NICs, and writes that host's own sections to
// /tmp/rockyiso-*.ks for %include; if no host matches, it stops the
// install with a message on the console rather than install a node with
// another node's identity.
//
// The media is a role ISO (cdrom), an HTTP tree for PXE, or an OEMDRV
// companion volume beside the stock CentOS media (see Media).
//
// The templates are embedded (templates/*.tmpl) and parsed with
// missingkey=error and sprig's hermetic functions minus anything random,
// plus shquote (quote one shell word), shprintf (print text as quoted
// lines), include (a template's output as a string), fqdn and mediaMount.
// Data.Templates replaces any of them by file name, as Cobbler's snippets
// do. The per-host sections (network, timezone, firewall, storage) are
// executed with a HostView; every other template with a View. Every value
// written into %pre or %post shell goes through shquote.
package kickstart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/rockyiso/rockyiso/site"
)

// ErrUnsafe is returned for a site value that cannot be written into a
// kickstart line.
var ErrUnsafe = errors.New("kickstart: unsafe value")

// Data is what a kickstart is rendered from.
type Data struct {
	Site *site.Site
	// Host names the host of a per-host kickstart; Role makes a role
	// kickstart for every host of the role instead. Set exactly one.
	Host string
	Role site.Role
	// Media is where the installer gets packages and rockyiso's files.
	Media Media
	// RootPasswordHash is the SHA-512 crypt hash for rootpw --iscrypted
	// (site.RootPasswordSHA in the site's secrets).
	RootPasswordHash string
	// Templates, when set, holds NAME.tmpl files that replace the embedded
	// templates of the same name (or add new ones).
	Templates fs.FS
}

// Render writes the kickstart d describes to w. Nothing is written to w
// unless the whole kickstart rendered.
func Render(w io.Writer, d Data) error {
	v, err := newView(d)
	if err != nil {
		return err
	}
	t, err := parseTemplates(d.Templates)
	if err != nil {
		return err
	}
	if err := v.renderSections(t); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "ks", v); err != nil {
		return fmt.Errorf("rendering kickstart: %w", err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
		b.WriteByte('\n')
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("writing kickstart: %w", err)
	}
	return nil
}
