package main

import (
	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

func siteCommand() *cli.Command {
	return &cli.Command{
		Name:  "site",
		Usage: "work with site files",
		Subcommands: []*cli.Command{{
			Name:  "check",
			Usage: "validate a site file and print a summary of its hosts, roles and networks",
			Flags: []cli.Flag{siteFlag()},
			Action: func(c *cli.Context) error {
				s, err := site.Load(c.String("site"))
				if err != nil {
					return err
				}
				return site.Summary(c.App.Writer, s)
			},
		}},
	}
}
