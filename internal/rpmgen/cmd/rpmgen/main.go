// Command rpmgen writes a generated EL7-like universe (internal/rpmgen)
// as one directory of RPMs per repo, for benchmarks and manual checks:
//
//	rpmgen -packages 10000 -seed 1 -out DIR
//
// It prints one "NAME PRIORITY DIR" line per repo; run createrepo_c on
// each DIR to make it a repo.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/rockyiso/rockyiso/internal/rpmgen"
)

func main() {
	n := flag.Int("packages", 2000, "number of packages")
	seed := flag.Uint64("seed", 1, "generator seed")
	out := flag.String("out", "", "output directory (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "rpmgen: -out is required")
		os.Exit(2)
	}
	dirs, err := rpmgen.WriteRepos(*out, rpmgen.Universe(rpmgen.Options{Packages: *n, Seed: *seed}), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rpmgen:", err)
		os.Exit(1)
	}
	for _, r := range rpmgen.Repos {
		if d, ok := dirs[r.Name]; ok {
			fmt.Println(r.Name, r.Priority, d)
		}
	}
}
