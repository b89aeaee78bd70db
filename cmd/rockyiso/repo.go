package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/rpmcache/repodata"
)

func repoCommand() *cli.Command {
	return &cli.Command{
		Name:  "repo",
		Usage: "work with yum repositories (repo create: write repodata EL7 accepts)",
		Subcommands: []*cli.Command{{
			Name:      "create",
			Usage:     "write repodata/ (createrepo_c compatible, EL7 yum and anaconda ready) for the RPMs under DIR",
			ArgsUsage: "DIR",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "workers", Usage: "RPM headers read at once (0: one per CPU)", EnvVars: []string{"ROCKYISO_WORKERS"}},
				&cli.BoolFlag{Name: "update", Usage: "reuse the metadata of unchanged packages from the existing repodata", EnvVars: []string{"ROCKYISO_UPDATE"}},
				&cli.StringFlag{Name: "groupfile", Usage: "comps file to publish as the group and group_gz records", EnvVars: []string{"ROCKYISO_GROUPFILE"}},
			},
			Action: repoCreate,
		}},
	}
}

func repoCreate(c *cli.Context) error {
	if c.NArg() != 1 {
		return fmt.Errorf("repo create: want exactly one DIR, got %d arguments", c.NArg())
	}
	now, err := buildTime()
	if err != nil {
		return err
	}
	tuneGC()
	opt := repodata.Options{
		Workers: c.Int("workers"),
		Now:     now,
		Update:  c.Bool("update"),
		Log:     slog.New(slog.NewTextHandler(c.App.ErrWriter, nil)),
	}
	if g := c.String("groupfile"); g != "" {
		f, err := os.Open(g)
		if err != nil {
			return fmt.Errorf("opening the group file: %w", err)
		}
		defer f.Close()
		opt.Groups = f
	}
	res, err := repodata.Create(c.Context, c.Args().First(), opt)
	if err != nil {
		return err
	}
	return printResult(c.App.Writer, c.Args().First(), res)
}

func printResult(w io.Writer, dir string, res *repodata.Result) error {
	_, err := fmt.Fprintf(w, "%s: %d packages (%d reused), revision %s\n", dir, res.Packages, res.Reused, res.Repomd.Revision)
	return err
}

// tuneGC trades memory the writer does not need for less collection work
// (a fifth less CPU), with a soft cap well under the 200 MB budget. GOGC
// and GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
}

// buildTime is SOURCE_DATE_EPOCH when set (reproducible builds), else
// the clock.
func buildTime() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Now(), nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds: %w", s, err)
	}
	return time.Unix(n, 0), nil
}
