// Command firstboot runs once on a node's first boot and configures the
// node's OpenStack roles from its node bundle (node.json), as the
// reference guide does by hand. Subcommands: run (the default), plan,
// render and status. main only wires flags into package firstboot.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/layouts"
)

// version is set with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	err := newApp(os.Stdout, os.Stderr).Run(os.Args)
	var ec cli.ExitCoder
	switch {
	case errors.As(err, &ec):
		if msg := ec.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "firstboot:", msg)
		}
		os.Exit(ec.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "firstboot:", err)
		os.Exit(1)
	}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:           "firstboot",
		Usage:          "configure this node's OpenStack roles from its node bundle",
		Version:        version,
		Writer:         stdout,
		ErrWriter:      stderr,
		ExitErrHandler: func(*cli.Context, error) {},
		Flags:          commonFlags(),
		Action:         runAction,
		Commands:       []*cli.Command{runCommand(), planCommand(), renderCommand(), statusCommand()},
	}
}

// commonFlags are the flags every subcommand takes.
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name:    "node",
			Usage:   "the node bundle",
			Value:   layouts.NodeBundle,
			EnvVars: []string{"FIRSTBOOT_NODE", "ROCKYISO_NODE"},
		},
		&cli.StringFlag{
			Name:    "root",
			Usage:   "the directory the node's file system is under",
			Value:   "/",
			EnvVars: []string{"FIRSTBOOT_ROOT", "ROCKYISO_ROOT"},
		},
		&cli.BoolFlag{
			Name:    "debug",
			Usage:   "also log the probes firstboot runs",
			EnvVars: []string{"FIRSTBOOT_DEBUG", "ROCKYISO_DEBUG"},
		},
	}
}
