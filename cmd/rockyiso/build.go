package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/rockyiso/rockyiso/kickstart"
	"github.com/rockyiso/rockyiso/layouts"
	"github.com/rockyiso/rockyiso/layouts/iso"
	"github.com/rockyiso/rockyiso/site"
)

// buildOptions are the flags of rockyiso build.
type buildOptions struct {
	Site, Role, BaseISO, Repo, Firstboot string
	Output, Label, Templates             string
	OEMDRV                               bool
	Timeout                              time.Duration
	KernelArgs                           []string
}

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:  "build",
		Usage: "write a role ISO (base media + kickstart + repo + firstboot + node bundles), or its OEMDRV companion",
		Flags: []cli.Flag{siteFlag(),
			&cli.StringFlag{Name: "role", Required: true, Usage: "role whose hosts the ISO installs", EnvVars: []string{"ROCKYISO_ROLE"}},
			&cli.StringFlag{Name: "base-iso", Usage: "CentOS 7 DVD or Minimal `ISO` to remaster (not with --oemdrv)", EnvVars: []string{"ROCKYISO_BASE_ISO"}},
			&cli.StringFlag{Name: "repo", Usage: "role yum repository `DIR` (with repodata/) to put on the media", EnvVars: []string{"ROCKYISO_REPO"}},
			&cli.StringFlag{Name: "firstboot", Usage: "static firstboot `BINARY` to put on the media", EnvVars: []string{"ROCKYISO_FIRSTBOOT"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Required: true, Usage: "output `ISO`, replaced atomically", EnvVars: []string{"ROCKYISO_OUTPUT"}},
			&cli.BoolFlag{Name: "oemdrv", Usage: "write the small OEMDRV companion volume instead (boot the stock media beside it)", EnvVars: []string{"ROCKYISO_OEMDRV"}},
			&cli.StringFlag{Name: "label", Usage: "volume label, A-Z 0-9 _ (default ROCKY7_<ROLE>)", EnvVars: []string{"ROCKYISO_LABEL"}},
			&cli.DurationFlag{Name: "timeout", Value: 10 * time.Second, Usage: "boot menu timeout before the unattended install starts", EnvVars: []string{"ROCKYISO_TIMEOUT"}},
			&cli.StringSliceFlag{Name: "kernel-arg", Usage: "extra kernel argument for every install entry (repeat)", EnvVars: []string{"ROCKYISO_KERNEL_ARG"}},
			&cli.StringFlag{Name: "templates", Usage: "`DIR` of NAME.tmpl files replacing the embedded kickstart templates", EnvVars: []string{"ROCKYISO_TEMPLATES"}},
		},
		Action: func(c *cli.Context) error {
			return runBuild(c.Context, buildOptions{
				Site: c.String("site"), Role: c.String("role"), BaseISO: c.String("base-iso"),
				Repo: c.String("repo"), Firstboot: c.String("firstboot"), Output: c.String("output"),
				Label: c.String("label"), Templates: c.String("templates"), OEMDRV: c.Bool("oemdrv"),
				Timeout: c.Duration("timeout"), KernelArgs: c.StringSlice("kernel-arg"),
			}, slog.New(slog.NewTextHandler(c.App.ErrWriter, nil)))
		},
	}
}

func runBuild(ctx context.Context, o buildOptions, log *slog.Logger) error {
	if o.OEMDRV == (o.BaseISO != "") {
		return fmt.Errorf("build: give --base-iso ISO for a role ISO, or --oemdrv for the companion volume (not both)")
	}
	now, err := buildTime()
	if err != nil {
		return err
	}
	media := kickstart.CDROM.String()
	if o.OEMDRV {
		media = kickstart.OEMDRV.String()
	}
	d, sec, err := loadKickstartData(o.Site, media, o.Templates)
	if err != nil {
		return err
	}
	role := site.Role(o.Role)
	hosts := d.Site.HostsWith(role)
	if len(hosts) == 0 {
		return fmt.Errorf("build: no host of %s has role %q", o.Site, o.Role)
	}
	d.Role = role
	var ks bytes.Buffer
	if err := kickstart.Render(&ks, d); err != nil {
		return err
	}
	files, err := mediaFiles(d.Site, hosts, sec, o)
	if err != nil {
		return err
	}
	if o.OEMDRV {
		return iso.BuildOEMDRV(ctx, iso.OEMDRVOptions{Out: o.Output, Kickstart: ks.Bytes(), Files: files, Now: now, Log: log})
	}
	return iso.Build(ctx, iso.Options{
		Base: o.BaseISO, Out: o.Output, Label: roleLabel(o), Title: "OpenStack " + o.Role + " node",
		Kickstart: ks.Bytes(), Files: files, Hosts: menuHosts(hosts), KernelArgs: o.KernelArgs,
		Timeout: o.Timeout, Now: now, Log: log,
	})
}

var labelJunk = regexp.MustCompile(`[^A-Z0-9_]+`)

// roleLabel is --label or ROCKY7_<ROLE>, cut to the 32 characters a
// volume label holds.
func roleLabel(o buildOptions) string {
	if o.Label != "" {
		return o.Label
	}
	l := "ROCKY7_" + labelJunk.ReplaceAllString(strings.ToUpper(o.Role), "_")
	return l[:min(len(l), 32)]
}

// mediaFiles are the node bundles of the role's hosts, the firstboot
// binary and the repo tree.
func mediaFiles(s *site.Site, hosts []*site.Host, sec site.Secrets, o buildOptions) ([]iso.File, error) {
	var files []iso.File
	for _, h := range hosts {
		n, err := site.NewNode(s, h.Name, sec)
		if err != nil {
			return nil, err
		}
		b, err := n.MarshalIndent()
		if err != nil {
			return nil, err
		}
		files = append(files, iso.File{Path: layouts.NodesDir + "/" + h.Name + ".json", Data: b, Mode: 0o600})
	}
	if o.Firstboot != "" {
		files = append(files, iso.File{Path: layouts.FirstbootBin, Source: o.Firstboot, Mode: 0o755})
	}
	if o.Repo == "" {
		return files, nil
	}
	repo, err := treeFiles(o.Repo, layouts.RepoDir)
	if err != nil {
		return nil, fmt.Errorf("reading --repo: %w", err)
	}
	return append(files, repo...), nil
}

// treeFiles lists the regular files under dir as image files under prefix.
func treeFiles(dir, prefix string) ([]iso.File, error) {
	if _, err := os.Stat(filepath.Join(dir, "repodata", "repomd.xml")); err != nil {
		return nil, fmt.Errorf("%s has no repodata/repomd.xml (run rockyiso repo create %s): %w", dir, dir, err)
	}
	var files []iso.File
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, iso.File{Path: prefix + "/" + filepath.ToSlash(rel), Source: p, Mode: 0o444})
		return err
	})
	return files, err
}

// menuHosts are the boot menu's per-host entries: each host with the MAC
// of its management interface (or of its first interface that has one).
func menuHosts(hosts []*site.Host) []iso.MenuHost {
	var out []iso.MenuHost
	for _, h := range hosts {
		out = append(out, iso.MenuHost{Name: h.Name, MAC: hostMAC(h)})
	}
	return out
}

func hostMAC(h *site.Host) string {
	if i := h.Interface(site.NetManagement); i != nil && i.MAC != "" {
		return i.MAC
	}
	for _, i := range h.Interfaces {
		if i.MAC != "" {
			return i.MAC
		}
	}
	return ""
}
