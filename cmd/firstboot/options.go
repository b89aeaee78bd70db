package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/firstboot"
	"github.com/rockyiso/rockyiso/firstboot/host"
	"github.com/rockyiso/rockyiso/site"
)

// options are the common flags.
type options struct {
	Node  string
	Root  string
	Debug bool
}

func optionsFrom(c *cli.Context) options {
	return options{Node: c.String("node"), Root: c.String("root"), Debug: c.Bool("debug")}
}

// engine reads the node bundle and builds the engine on the host.
func (o options) engine(c *cli.Context) (*firstboot.Engine, error) {
	b, err := os.ReadFile(o.Node)
	if err != nil {
		return nil, fmt.Errorf("reading node bundle: %w", err)
	}
	n, err := site.ParseNode(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Node, err)
	}
	level := slog.LevelInfo
	if o.Debug {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(c.App.Writer, &slog.HandlerOptions{Level: level}))
	root := host.NewRoot(o.Root)
	root.Chown = os.Geteuid() == 0
	e := &firstboot.Engine{Node: n, Root: root, Runner: host.Exec{Log: log}, Log: log, Relabel: o.Root == "/"}
	wire(e, log)
	return e, nil
}
