package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

// renderOptions are the flags of rockyiso render.
type renderOptions struct {
	Site, Host, Out  string
	Media, Templates string
}

func renderCommand() *cli.Command {
	return &cli.Command{
		Name:  "render",
		Usage: "write a host's kickstart (ks.cfg) and firstboot node bundle (node.json) into a directory",
		Flags: append([]cli.Flag{siteFlag(),
			&cli.StringFlag{Name: "host", Required: true, Usage: "host to render", EnvVars: []string{"ROCKYISO_HOST"}},
			&cli.StringFlag{Name: "out", Required: true, Usage: "output `DIR` (created if missing)", EnvVars: []string{"ROCKYISO_OUT"}},
		}, renderFlags()...),
		Action: func(c *cli.Context) error {
			return runRender(renderOptions{
				Site: c.String("site"), Host: c.String("host"), Out: c.String("out"),
				Media: c.String("media"), Templates: c.String("templates"),
			})
		},
	}
}

func runRender(o renderOptions) error {
	d, sec, err := loadKickstartData(o.Site, o.Media, o.Templates)
	if err != nil {
		return err
	}
	d.Host = o.Host
	var ks bytes.Buffer
	if err := kickstart.Render(&ks, d); err != nil {
		return err
	}
	node, err := site.NewNode(d.Site, o.Host, sec)
	if err != nil {
		return err
	}
	bundle, err := node.MarshalIndent()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Out, 0o750); err != nil {
		return fmt.Errorf("creating %s: %w", o.Out, err)
	}
	if err := site.WriteFileAtomic(filepath.Join(o.Out, "node.json"), bundle, 0o600); err != nil {
		return err
	}
	return site.WriteFileAtomic(filepath.Join(o.Out, layouts.Kickstart), ks.Bytes(), 0o600)
}
