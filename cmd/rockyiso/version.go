package main

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the rockyiso version",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintf(c.App.Writer, "rockyiso %s %s/%s\n", version, runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
