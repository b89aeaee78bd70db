package main

import (
	"github.com/urfave/cli/v2"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:   "run",
		Usage:  "configure the node (the default): run every step not already done",
		Flags:  commonFlags(),
		Action: runAction,
	}
}

func runAction(c *cli.Context) error {
	e, err := optionsFrom(c).engine(c)
	if err != nil {
		return err
	}
	return e.Run(c.Context)
}
