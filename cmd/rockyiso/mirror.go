package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/rpmcache"
	"github.com/rockyiso/rockyiso/rpmcache/source"
	"github.com/rockyiso/rockyiso/site"
)

func mirrorCommand() *cli.Command {
	return &cli.Command{
		Name:  "mirror",
		Usage: "build a verified local yum repo with the @core + role package closure of a site",
		Flags: []cli.Flag{
			siteFlag(),
			&cli.StringFlag{Name: "out", Usage: "output repo directory", EnvVars: []string{"ROCKYISO_OUT"}, Required: true},
			&cli.StringFlag{Name: "sources", Usage: "sources file (YAML) replacing the built-in CentOS 7.9.2009 vault repos", EnvVars: []string{"ROCKYISO_SOURCES"}},
			&cli.StringFlag{Name: "cache", Usage: "package cache directory (default: the user cache dir's rockyiso/)", EnvVars: []string{"ROCKYISO_CACHE"}},
			&cli.IntFlag{Name: "workers", Usage: "parallel downloads", Value: 6, EnvVars: []string{"ROCKYISO_WORKERS"}},
			&cli.BoolFlag{Name: "offline", Usage: "resolve and build from the cache alone, without the network", EnvVars: []string{"ROCKYISO_OFFLINE"}},
			&cli.BoolFlag{Name: "all-roles", Usage: "mirror what any role could need, not just this site's hosts", EnvVars: []string{"ROCKYISO_ALL_ROLES"}},
		},
		Action: mirror,
	}
}

func mirror(c *cli.Context) error {
	s, err := site.Load(c.String("site"))
	if err != nil {
		return err
	}
	srcs, dir, err := loadSources(c.String("sources"))
	if err != nil {
		return err
	}
	now, err := buildTime()
	if err != nil {
		return err
	}
	cache, err := openCache(c.String("cache"))
	if err != nil {
		return err
	}
	defer cache.Close()
	log := slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
	res, err := cache.Mirror(c.Context, rpmcache.MirrorOptions{
		Sources: srcs, SourcesDir: dir, Groups: []string{"core"}, Sets: packageSets(s, c.Bool("all-roles")),
		Out: c.String("out"), Offline: c.Bool("offline"), Now: now, Log: log,
		Fetch: rpmcache.Options{Workers: c.Int("workers"), Progress: rpmcache.NewProgress(c.App.ErrWriter, log)},
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.App.Writer, "%s: %d packages (%d fetched, %d from the cache, %d bytes downloaded)\n",
		c.String("out"), res.Packages, res.Stats.Fetched, res.Stats.Cached, res.Stats.Bytes)
	return err
}

// loadSources reads the sources file, or returns the built-in defaults.
func loadSources(path string) (*source.Sources, string, error) {
	if path == "" {
		return source.Default(), "", nil
	}
	s, err := source.Load(path)
	return s, filepath.Dir(path), err
}

// openCache opens the cache at dir, or under the user's cache directory.
func openCache(dir string) (*rpmcache.Cache, error) {
	if dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("finding a cache directory (set --cache): %w", err)
		}
		dir = filepath.Join(d, "rockyiso")
	}
	return rpmcache.Open(dir)
}

// packageSets is each host's package list, or the union of every role's.
func packageSets(s *site.Site, allRoles bool) [][]string {
	if allRoles {
		return [][]string{site.AllPackages()}
	}
	var sets [][]string
	for i := range s.Hosts {
		sets = append(sets, s.Packages(&s.Hosts[i]))
	}
	return sets
}
