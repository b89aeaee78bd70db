package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/firstboot/host"
)

func renderCommand() *cli.Command {
	return &cli.Command{
		Name:  "render",
		Usage: "write every configuration file the node's roles own under --root, and nothing else",
		Flags: commonFlags(),
		Action: func(c *cli.Context) error {
			o := optionsFrom(c)
			if o.Root == "/" {
				return fmt.Errorf("render: give --root DIR (rendering over / would change this machine)")
			}
			e, err := o.engine(c)
			if err != nil {
				return err
			}
			e.Root = host.NewRoot(o.Root)
			files, err := e.Render(c.Context)
			for _, f := range files {
				fmt.Fprintln(c.App.Writer, f)
			}
			return err
		},
	}
}
