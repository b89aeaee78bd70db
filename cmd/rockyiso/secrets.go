package main

import (
	"fmt"
	"strings"

	"github.com/rockyiso/rockyiso/site"
	"github.com/urfave/cli/v2"
)

func secretsCommand() *cli.Command {
	return &cli.Command{
		Name:  "secrets",
		Usage: "manage the site's generated passwords (secrets init: create or complete them)",
		Subcommands: []*cli.Command{{
			Name:      "init",
			Usage:     "create or complete <site>.secrets.yaml (mode 0600), keeping existing values",
			UsageText: "rockyiso secrets init --site FILE",
			Description: "Generates every password the guide uses, and the root password, whose " +
				"clear text is shown once on stderr: only its SHA-512 crypt hash is kept.",
			Flags:  []cli.Flag{siteFlag()},
			Action: secretsInit,
		}},
	}
}

func secretsInit(c *cli.Context) error {
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
	if len(res.Added) == 0 {
		_, err = fmt.Fprintf(w, "%s: complete, nothing added\n", out)
		return err
	}
	if _, err := fmt.Fprintf(w, "%s: added %s\n", out, strings.Join(res.Added, ", ")); err != nil {
		return err
	}
	if res.RootPassword == "" {
		return nil
	}
	// The one place a secret is ever shown: the operator needs the root
	// password to log in to the nodes, and only its hash is kept.
	if _, err := fmt.Fprintf(c.App.ErrWriter, "root password (shown once, only its hash is kept): %s\n", res.RootPassword); err != nil {
		return fmt.Errorf("showing the new root password: %w; delete %s from %s and run this again", err, site.RootPasswordSHA, out)
	}
	return nil
}
