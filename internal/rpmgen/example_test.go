package rpmgen_test

import (
	"fmt"
	"os"

	"github.com/rockyiso/rockyiso/internal/rpmgen"
)

func ExampleUniverse() {
	dir, err := os.MkdirTemp("", "rpmgen")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	specs := rpmgen.Universe(rpmgen.Options{Packages: 500, Seed: 1})
	repos, err := rpmgen.WriteRepos(dir, specs, nil) // nil: unsigned
	if err != nil {
		panic(err)
	}
	fmt.Println(len(specs), "packages in", len(repos), "repos")
	// Output: 500 packages in 6 repos
}
