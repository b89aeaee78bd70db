// Command isobuild drives iso.BuildAll for bench/iso.sh: it remasters one
// base ISO into one or more role ISOs in a single run.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/rockyiso/rockyiso/layouts/iso"
)

func main() {
	base := flag.String("base", "", "base ISO")
	outs := flag.String("out", "", "comma-separated output ISOs, one role each")
	flag.Parse()
	var opts []iso.Options
	for i, out := range strings.Split(*outs, ",") {
		opts = append(opts, iso.Options{
			Base: *base, Out: out, Label: fmt.Sprintf("ROCKY7_ROLE%d", i),
			Kickstart: []byte("text\nreboot\n"), Timeout: 5 * time.Second, Now: time.Unix(1.7e9, 0),
			Log: slog.New(slog.NewTextHandler(os.Stderr, nil)),
		})
	}
	if err := iso.BuildAll(context.Background(), opts); err != nil {
		fmt.Fprintln(os.Stderr, "isobuild:", err)
		os.Exit(1)
	}
}
