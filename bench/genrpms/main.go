// Command genrpms writes N small generated RPMs (google/rpmpack) into a
// directory, for bench/repo-create.sh: each has a few files, provides,
// requires and a /usr/bin entry, shaped like a typical EL7 package.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/google/rpmpack"
)

func main() {
	n := flag.Int("n", 1500, "number of packages")
	dir := flag.String("dir", "", "output directory")
	flag.Parse()
	if *dir == "" {
		log.Fatal("genrpms: -dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for i := 0; i < *n; i++ {
		if err := write(*dir, i); err != nil {
			log.Fatal(err)
		}
	}
}

func write(dir string, i int) error {
	name := fmt.Sprintf("pkg%04d", i)
	reqs := rpmpack.Relations{}
	if i > 0 {
		if err := reqs.Set(fmt.Sprintf("pkg%04d >= 1.0", i-1)); err != nil {
			return err
		}
	}
	r, err := rpmpack.NewRPM(rpmpack.RPMMetaData{Name: name, Version: "1.0", Release: "1.el7", Arch: "x86_64",
		Summary: "benchmark package " + name, Description: "A generated package for benchmarks.",
		Licence: "MIT", BuildTime: time.Unix(1500000000, 0), Requires: reqs})
	if err != nil {
		return err
	}
	for j := 0; j < 20; j++ {
		r.AddFile(rpmpack.RPMFile{Name: fmt.Sprintf("/usr/share/%s/file%02d.txt", name, j),
			Body: []byte(fmt.Sprintf("%s file %d\n%0512d\n", name, j, i*j)), Mode: 0o100644, Owner: "root", Group: "root"})
	}
	r.AddFile(rpmpack.RPMFile{Name: "/usr/bin/" + name, Body: []byte("#!/bin/sh\n"), Mode: 0o100755, Owner: "root", Group: "root"})
	f, err := os.Create(filepath.Join(dir, name+"-1.0-1.el7.x86_64.rpm"))
	if err != nil {
		return err
	}
	if err := r.Write(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
