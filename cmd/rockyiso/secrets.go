package main

import (
	"fmt"

	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

func secretsCommand() *cli.Command {
	return &cli.Command{
		Name:  "secrets",
		Usage: "manage the site's generated passwords",
		Subcommands: []*cli.Command{{
			Name:  "init",
			Usage: "create or complete <site>.secrets.yaml (mode 0600), keeping existing values",
			Flags: []cli.Flag{siteFlag()},
			Action: func(c *cli.Context) error {
				path := c.String("site")
				if _, err := site.Load(path); err != nil {
					return err
				}
				out := site.SecretsPath(path)
				res, err := site.InitSecrets(out)
				if err != nil {
					return err
				}
				w := c.App.Writer
				fmt.Fprintf(w, "%s: %d secrets added\n", out, len(res.Added))
				if res.RootPassword != "" {
					// The one time a secret is shown: the operator needs
					// the root password to log in to the nodes, and only
					// its hash is kept.
					fmt.Fprintf(c.App.ErrWriter, "root password (shown once, only its hash is kept): %s\n", res.RootPassword)
				}
				return nil
			},
		}},
	}
}
