package main

import (
	"github.com/urfave/cli/v2"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:  "plan",
		Usage: "print the ordered steps and every command, SQL statement and API call (secrets as ******)",
		Flags: commonFlags(),
		Action: func(c *cli.Context) error {
			e, err := optionsFrom(c).engine(c)
			if err != nil {
				return err
			}
			return e.Plan(c.App.Writer)
		},
	}
}
