package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

// kickstartOptions are the flags of rockyiso kickstart.
type kickstartOptions struct {
	Site, Host, Role, Media string
	Output, Templates       string
}

func kickstartCommand() *cli.Command {
	return &cli.Command{
		Name:  "kickstart",
		Usage: "render the kickstart of one host (--host) or of every host of a role (--role)",
		Flags: append([]cli.Flag{siteFlag(),
			&cli.StringFlag{Name: "host", Usage: "host to render the kickstart of", EnvVars: []string{"ROCKYISO_HOST"}},
			&cli.StringFlag{Name: "role", Usage: "role to render one kickstart for all its hosts of (found by MAC or rockyiso.host=NAME)", EnvVars: []string{"ROCKYISO_ROLE"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the kickstart to `FILE` (default: standard output)", EnvVars: []string{"ROCKYISO_OUTPUT"}},
		}, renderFlags()...),
		Action: func(c *cli.Context) error {
			return runKickstart(kickstartOptions{
				Site: c.String("site"), Host: c.String("host"), Role: c.String("role"),
				Media: c.String("media"), Output: c.String("output"), Templates: c.String("templates"),
			}, c.App.Writer)
		},
	}
}

// renderFlags are the flags every command that renders kickstarts takes.
func renderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "media", Value: "cdrom", Usage: "install source: cdrom (role ISO), oemdrv (companion OEMDRV volume beside the stock media), or the http://SERVER/path of the media tree (PXE)", EnvVars: []string{"ROCKYISO_MEDIA"}},
		&cli.StringFlag{Name: "templates", Usage: "`DIR` of NAME.tmpl files replacing the embedded kickstart templates", EnvVars: []string{"ROCKYISO_TEMPLATES"}},
	}
}

func runKickstart(o kickstartOptions, stdout io.Writer) error {
	if (o.Host == "") == (o.Role == "") {
		return errors.New("kickstart: give either --host NAME (one host) or --role ROLE (every host of the role)")
	}
	d, _, err := loadKickstartData(o.Site, o.Media, o.Templates)
	if err != nil {
		return err
	}
	d.Host, d.Role = o.Host, site.Role(o.Role)
	if o.Output == "" {
		return kickstart.Render(stdout, d)
	}
	var b bytes.Buffer
	if err := kickstart.Render(&b, d); err != nil {
		return err
	}
	// The kickstart holds the root password's hash.
	return site.WriteFileAtomic(o.Output, b.Bytes(), 0o600)
}

// loadKickstartData reads the site file and its secrets into the Data of
// a kickstart (without its host or role); it also returns the secrets.
func loadKickstartData(sitePath, media, templates string) (kickstart.Data, site.Secrets, error) {
	s, err := site.Load(sitePath)
	if err != nil {
		return kickstart.Data{}, nil, err
	}
	sec, err := site.ReadSecrets(site.SecretsPath(sitePath))
	if err != nil {
		return kickstart.Data{}, nil, err
	}
	hash := sec[site.RootPasswordSHA]
	if hash == "" {
		return kickstart.Data{}, nil, fmt.Errorf("%w %s in %s: run `rockyiso secrets init` to add it",
			site.ErrMissingSecret, site.RootPasswordSHA, site.SecretsPath(sitePath))
	}
	m, err := kickstart.ParseMedia(media)
	if err != nil {
		return kickstart.Data{}, nil, err
	}
	d := kickstart.Data{Site: s, Media: m, RootPasswordHash: hash}
	if templates != "" {
		if _, err := os.Stat(templates); err != nil {
			return kickstart.Data{}, nil, fmt.Errorf("reading --templates: %w", err)
		}
		d.Templates = os.DirFS(templates)
	}
	return d, sec, nil
}
