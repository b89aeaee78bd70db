package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/host"
)

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:  "status",
		Usage: "print firstboot's progress; exit 0 done and healthy, 1 failed, 2 running or waiting",
		Flags: append(commonFlags(), &cli.BoolFlag{
			Name: "json", Usage: "print the journal as JSON", EnvVars: []string{"FIRSTBOOT_JSON"},
		}),
		Action: func(c *cli.Context) error {
			st, err := firstboot.ReadState(host.NewRoot(c.String("root")))
			if err != nil {
				return err
			}
			if err := printStatus(c.App.Writer, st, c.Bool("json")); err != nil {
				return err
			}
			if code := st.ExitCode(); code != 0 {
				return cli.Exit("", code)
			}
			return nil
		},
	}
}

func printStatus(w io.Writer, st *firstboot.State, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	fmt.Fprintf(w, "%s: %s", st.Host, st.Status)
	if st.Healthy {
		fmt.Fprint(w, ", healthy")
	}
	if st.Message != "" {
		fmt.Fprintf(w, " (%s)", st.Message)
	}
	fmt.Fprintln(w)
	for _, s := range st.Steps {
		line := fmt.Sprintf("  %-18s %s", s.Name, s.Status)
		if s.Error != "" {
			line += ": " + s.Error
		}
		fmt.Fprintln(w, line)
	}
	return nil
}
