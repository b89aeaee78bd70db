package main

import (
	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

func siteCommand() *cli.Command {
	return &cli.Command{
		Name:  "site",
		Usage: "work with site files (site check: validate one and print its summary)",
		Subcommands: []*cli.Command{{
			Name:      "check",
			Usage:     "validate a site file and print a summary of its hosts, roles and networks",
			UsageText: "rockyiso site check --site FILE",
			Description: "Every problem is reported at once, each as FILE:LINE:COLUMN: FIELD: " +
				"what is wrong; expected what.",
			Flags:  []cli.Flag{siteFlag()},
			Action: siteCheck,
		}},
	}
}

func siteCheck(c *cli.Context) error {
	s, err := site.Load(c.String("site"))
	if err != nil {
		return err
	}
	return site.Summary(c.App.Writer, s)
}
