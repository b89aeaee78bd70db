// Command rockyiso turns one site file into everything needed to bring up
// an OpenStack Rocky cloud on CentOS 7, unattended and air-gapped: a
// verified RPM mirror, kickstarts, firstboot bundles and role ISOs.
//
// main only wires: each subcommand lives in its own file, copies its flags
// into an options struct and calls one package function.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"
)

// version is set with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if err := newApp(os.Stdout, os.Stderr).Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "rockyiso:", err)
		os.Exit(1)
	}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "rockyiso",
		Usage:     "build air-gapped OpenStack Rocky on CentOS 7 media from one site file",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		// Errors are printed once, by main, to stderr.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			siteCommand(),
			repoCommand(),
			mirrorCommand(),
			secretsCommand(),
			kickstartCommand(),
			buildCommand(),
			renderCommand(),
			versionCommand(),
		},
	}
}

// siteFlag is the --site flag every command that reads a site file takes.
func siteFlag() *cli.StringFlag {
	return &cli.StringFlag{
		Name:     "site",
		Usage:    "site file (YAML, version 1)",
		EnvVars:  []string{"ROCKYISO_SITE"},
		Required: true,
	}
}
