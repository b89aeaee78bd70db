package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	Site, BaseISO, Repo, Firstboot string
	Output, Label, Templates       string
	Roles                          []string
	OEMDRV                         bool
	Timeout                        time.Duration
	KernelArgs                     []string
}

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:  "build",
		Usage: "write role ISOs (base media + kickstart + role repo + firstboot + node bundles), or their OEMDRV companions",
		Flags: []cli.Flag{siteFlag(),
			&cli.StringSliceFlag{Name: "role", Required: true, Usage: "`ROLE` whose hosts the ISO installs; repeat it for several ISOs from one read of the base, or give \"all\" for every role the site's hosts have", EnvVars: []string{"ROCKYISO_ROLE"}},
			&cli.StringFlag{Name: "base-iso", Usage: "CentOS 7 DVD or Minimal `ISO` to remaster (not with --oemdrv)", EnvVars: []string{"ROCKYISO_BASE_ISO"}},
			&cli.StringFlag{Name: "repo", Usage: "mirror `DIR` written by rockyiso mirror; the media get the role's closure minus what the base media's repo has", EnvVars: []string{"ROCKYISO_REPO"}},
			&cli.StringFlag{Name: "firstboot", Usage: "static firstboot `BINARY` to put on the media", EnvVars: []string{"ROCKYISO_FIRSTBOOT"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Required: true, Usage: "output `ISO`, replaced atomically; {role} in it is replaced by the role name (-o out/{role}.iso), and an existing directory gets DIR/<role>.iso (<role>-oemdrv.iso with --oemdrv); several roles need one of the two", EnvVars: []string{"ROCKYISO_OUTPUT"}},
			&cli.BoolFlag{Name: "oemdrv", Usage: "write the small OEMDRV companion volume instead (boot the stock media beside it)", EnvVars: []string{"ROCKYISO_OEMDRV"}},
			&cli.StringFlag{Name: "label", Usage: "volume label, A-Z 0-9 _ (default ROCKY7_<ROLE>; one role only)", EnvVars: []string{"ROCKYISO_LABEL"}},
			&cli.DurationFlag{Name: "timeout", Value: 10 * time.Second, Usage: "boot menu timeout before the unattended install starts", EnvVars: []string{"ROCKYISO_TIMEOUT"}},
			&cli.StringSliceFlag{Name: "kernel-arg", Usage: "extra kernel argument for every install entry (repeat)", EnvVars: []string{"ROCKYISO_KERNEL_ARG"}},
			&cli.StringFlag{Name: "templates", Usage: "`DIR` of NAME.tmpl files replacing the embedded kickstart templates", EnvVars: []string{"ROCKYISO_TEMPLATES"}},
		},
		Action: func(c *cli.Context) error {
			return runBuild(c.Context, buildOptions{
				Site: c.String("site"), Roles: c.StringSlice("role"), BaseISO: c.String("base-iso"),
				Repo: c.String("repo"), Firstboot: c.String("firstboot"), Output: c.String("output"),
				Label: c.String("label"), Templates: c.String("templates"), OEMDRV: c.Bool("oemdrv"),
				Timeout: c.Duration("timeout"), KernelArgs: c.StringSlice("kernel-arg"),
			}, slog.New(slog.NewTextHandler(c.App.ErrWriter, nil)))
		},
	}
}

// warnIncomplete says what an install from media without a repo or a
// firstboot binary will lack: the kickstart expects both on the media.
func warnIncomplete(o buildOptions, log *slog.Logger) {
	if o.Repo == "" {
		log.Warn("no --repo: the media carry no rockyiso repo, so the install needs every OpenStack package from the base media; build one with rockyiso mirror")
	}
	if o.Firstboot == "" {
		log.Warn("no --firstboot: the kickstart's %post copies the firstboot binary from the media and will stop the install without it; build it with make build")
	}
}

func runBuild(ctx context.Context, o buildOptions, log *slog.Logger) error {
	if o.OEMDRV == (o.BaseISO != "") {
		return fmt.Errorf("build: give --base-iso ISO for a role ISO, or --oemdrv for the companion volume (not both)")
	}
	warnIncomplete(o, log)
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
	roles, err := buildRoles(d.Site, o)
	if err != nil {
		return err
	}
	repos, err := loadRoleRepos(o, log)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "rockyiso-build-")
	if err != nil {
		return fmt.Errorf("creating a staging directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	b := &buildRun{d: d, sec: sec, o: o, repos: repos, tmp: tmp, now: now, log: log, several: len(roles) > 1}
	opts := make([]iso.Options, 0, len(roles))
	for _, r := range roles {
		img, err := b.image(ctx, r)
		if err != nil {
			return err
		}
		opts = append(opts, img)
	}
	return writeBuild(ctx, opts, o.OEMDRV)
}

// buildRun is what every role's image of one run shares.
type buildRun struct {
	d       kickstart.Data
	sec     site.Secrets
	o       buildOptions
	repos   *roleRepos
	tmp     string // staging directory, one subdirectory per role
	now     time.Time
	log     *slog.Logger
	several bool // several roles: -o must hold {role} or be a directory
}

// buildRoles expands --role (repeatable, or "all") into the roles to
// build, in the guide's order for "all", checking each has hosts.
func buildRoles(s *site.Site, o buildOptions) ([]site.Role, error) {
	var roles []site.Role
	for _, r := range o.Roles {
		if r == "all" {
			roles = append(roles, siteRoles(s)...)
			continue
		}
		if len(s.HostsWith(site.Role(r))) == 0 {
			return nil, fmt.Errorf("build: no host of %s has role %q", o.Site, r)
		}
		roles = append(roles, site.Role(r))
	}
	roles = uniqueRoles(roles)
	if len(roles) > 1 && o.Label != "" {
		return nil, fmt.Errorf("build: --label names one volume; leave it out to label each of the %d roles ROCKY7_<ROLE>", len(roles))
	}
	return roles, nil
}

// siteRoles are the roles of the guide some host of s has.
func siteRoles(s *site.Site) []site.Role {
	var out []site.Role
	for _, r := range site.Roles {
		if len(s.HostsWith(r)) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func uniqueRoles(roles []site.Role) []site.Role {
	var out []site.Role
	for _, r := range roles {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// outputPath is where role's image goes: -o with {role} replaced, or
// DIR/<role>.iso when -o is a directory.
func outputPath(o buildOptions, role site.Role, several bool) (string, error) {
	if strings.Contains(o.Output, "{role}") {
		return strings.ReplaceAll(o.Output, "{role}", string(role)), nil
	}
	if st, err := os.Stat(o.Output); err == nil && st.IsDir() {
		name := string(role) + ".iso"
		if o.OEMDRV {
			name = string(role) + "-oemdrv.iso"
		}
		return filepath.Join(o.Output, name), nil
	}
	if several {
		return "", fmt.Errorf("build: -o %s: several roles need a directory that exists or a path holding {role} (e.g. -o out/{role}.iso)", o.Output)
	}
	return o.Output, nil
}

// image renders role's kickstart and gathers its media files (node
// bundles, firstboot, role repo).
func (b *buildRun) image(ctx context.Context, role site.Role) (iso.Options, error) {
	o := b.o
	out, err := outputPath(o, role, b.several)
	if err != nil {
		return iso.Options{}, err
	}
	d := b.d
	hosts := d.Site.HostsWith(role)
	d.Role = role
	var ks bytes.Buffer
	if err := kickstart.Render(&ks, d); err != nil {
		return iso.Options{}, err
	}
	files, err := mediaFiles(d.Site, hosts, b.sec, o)
	if err != nil {
		return iso.Options{}, err
	}
	repo, err := b.repos.stage(ctx, filepath.Join(b.tmp, string(role)), hostPackages(d.Site, hosts), b.now, b.log.With("role", role))
	if err != nil {
		return iso.Options{}, fmt.Errorf("build: role %s: %w", role, err)
	}
	return iso.Options{
		Base: o.BaseISO, Out: out, Label: roleLabel(o.Label, string(role)), Title: "OpenStack " + string(role) + " node",
		Kickstart: ks.Bytes(), Files: append(files, repo...), Hosts: menuHosts(hosts), KernelArgs: o.KernelArgs,
		Timeout: o.Timeout, Now: b.now, Log: b.log,
	}, nil
}

// writeBuild writes the role ISOs in one pass over the base, or each
// OEMDRV volume.
func writeBuild(ctx context.Context, opts []iso.Options, oemdrv bool) error {
	if !oemdrv {
		return iso.BuildAll(ctx, opts)
	}
	for _, o := range opts {
		err := iso.BuildOEMDRV(ctx, iso.OEMDRVOptions{Out: o.Out, Kickstart: o.Kickstart, Files: o.Files, Now: o.Now, Log: o.Log})
		if err != nil {
			return err
		}
	}
	return nil
}

// hostPackages is what the role kickstart's %packages names besides
// @core: the union of its hosts' packages.
func hostPackages(s *site.Site, hosts []*site.Host) []string {
	var pkgs []string
	for _, h := range hosts {
		pkgs = append(pkgs, s.Packages(h)...)
	}
	slices.Sort(pkgs)
	return slices.Compact(pkgs)
}

var labelJunk = regexp.MustCompile(`[^A-Z0-9_]+`)

// roleLabel is --label or ROCKY7_<ROLE>, cut to the 32 characters a
// volume label holds.
func roleLabel(label, role string) string {
	if label != "" {
		return label
	}
	l := "ROCKY7_" + labelJunk.ReplaceAllString(strings.ToUpper(role), "_")
	return l[:min(len(l), 32)]
}

// mediaFiles are the node bundles of the role's hosts and the firstboot
// binary.
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
	return files, nil
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
