// Package iso remasters CentOS 7 install media into role ISOs and writes
// the small OEMDRV companion volume, with no external programs.
//
// It reads the base image (ECMA-119 with SUSP 1.12 / Rock Ridge RRIP 1.12;
// Joliet is ignored) and streams a new one: ISO 9660 with Rock Ridge and no
// Joliet, El Torito 1.0 boot entries for BIOS (isolinux, no emulation,
// boot info table) and UEFI (images/efiboot.img, platform 0xEF), an
// isohybrid MBR for USB sticks (syslinux isohybrid layout: the base media's
// MBR boot code, partition 1 over the image, partition 2 of type 0xEF over
// efiboot.img) and the media check sum of isomd5sum's implantisomd5 in the
// primary volume descriptor's application use area.
//
// Boot menus (isolinux/isolinux.cfg, EFI/BOOT/grub.cfg and the grub.cfg
// inside efiboot.img) are rewritten for the new volume label; the
// kickstart rides in a newc cpio overlay appended to both initrd.img files.
// Everything else of the base tree is copied byte for byte.
//
// The image is laid out in memory (names, directories, sector numbers) and
// then streamed front to back with no workspace: memory stays flat (tens
// of MB) whatever the image size, one source file is open at a time, and
// the media sum is computed while writing. Files of 4 GiB or more are
// refused (ErrTooLarge); the output appears only when complete (temp file,
// fsync, rename). BuildAll writes several roles from one read of the base.
//
// The writer is not go-diskfs's (github.com/diskfs/go-diskfs v1.9.4): its
// Finalize copies the whole tree through a workspace first and keeps every
// source file open, which cannot meet the memory and speed targets of a
// multi-GiB remaster; go-diskfs instead writes the synthetic base images
// the tests remaster (internal/isotest), an ISO writer independent of ours.
package iso

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"time"
)

// Errors callers can test with errors.Is.
var (
	// ErrNotISO says the base is not an ISO 9660 image.
	ErrNotISO = errors.New("iso: not an ISO 9660 image")
	// ErrTooLarge says a file is 4 GiB or more, more than one ISO 9660
	// extent holds.
	ErrTooLarge = errors.New("iso: files of 4 GiB or more are not supported")
	// ErrBaseLayout says the base media lacks what CentOS 7 media has.
	ErrBaseLayout = errors.New("iso: base media is not laid out like CentOS 7 install media")
	// ErrOptions says the options are invalid.
	ErrOptions = errors.New("iso: invalid options")
)

// File is one file added to the image, from Source on disk or from Data.
type File struct {
	Path   string      // slash-separated path in the image, e.g. layouts.FirstbootBin
	Source string      // file on disk; read at write time
	Data   []byte      // used when Source is empty
	Mode   fs.FileMode // permission bits; 0 means 0444
}

// MenuHost is one host offered in the boot menu.
type MenuHost struct {
	Name string // host name, passed as rockyiso.host=NAME
	MAC  string // shown in the entry's title; optional
}

// Options describe one role ISO.
type Options struct {
	Base        string     // base ISO (CentOS 7 DVD or Minimal)
	Out         string     // output path, replaced atomically
	Label       string     // new volume label, [A-Z0-9_]{1,32}
	Title       string     // menu title, e.g. "OpenStack compute node"; Label when empty
	Kickstart   []byte     // role kickstart: initrd overlay and media root
	Files       []File     // added to the tree (repo, firstboot, node bundles)
	Hosts       []MenuHost // one menu entry each
	DefaultHost string     // make this host's entry the default; "" for the unattended role entry
	KernelArgs  []string   // extra arguments for every install entry
	Timeout     time.Duration
	Now         time.Time // timestamps; cmd fills it from SOURCE_DATE_EPOCH
	Log         *slog.Logger
}

// OEMDRVOptions describe an OEMDRV volume.
type OEMDRVOptions struct {
	Out       string
	Kickstart []byte
	Files     []File
	Now       time.Time
	Log       *slog.Logger
}

// ksName is the kickstart's name at the media and initrd root.
const ksName = "ks.cfg"

var (
	labelRE = regexp.MustCompile(`^[A-Z0-9_]{1,32}$`)
	hostRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)
	macRE   = regexp.MustCompile(`^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$`)
	// argRE keeps kernel arguments to one word neither menu syntax
	// (isolinux append lines, GRUB script) reads specially.
	argRE   = regexp.MustCompile(`^[A-Za-z0-9._:/=,+@%-]+$`)
	titleRE = regexp.MustCompile(`^[A-Za-z0-9 ._:/(),+@-]{0,64}$`)
)

func (o *Options) validate() error {
	switch {
	case o.Base == "":
		return fmt.Errorf("%w: no base ISO given", ErrOptions)
	case o.Out == "":
		return fmt.Errorf("%w: no output path given", ErrOptions)
	case !labelRE.MatchString(o.Label):
		return fmt.Errorf("%w: label %q: use 1 to 32 of A-Z, 0-9 and _ (e.g. ROCKY7_COMPUTE)", ErrOptions, o.Label)
	case len(o.Kickstart) == 0:
		return fmt.Errorf("%w: no kickstart given", ErrOptions)
	}
	for _, a := range o.KernelArgs {
		if !argRE.MatchString(a) {
			return fmt.Errorf("%w: kernel argument %q: use one word of letters, digits and ._:/=,+@%%-", ErrOptions, a)
		}
	}
	if !titleRE.MatchString(o.Title) {
		return fmt.Errorf("%w: title %q: use up to 64 letters, digits, spaces and ._:/(),+@-", ErrOptions, o.Title)
	}
	found := o.DefaultHost == ""
	for i, h := range o.Hosts {
		if !hostRE.MatchString(h.Name) || (h.MAC != "" && !macRE.MatchString(h.MAC)) {
			return fmt.Errorf("%w: hosts[%d] (%q, %q): want a host name and a MAC like 00:0c:29:8c:82:4c", ErrOptions, i, h.Name, h.MAC)
		}
		found = found || h.Name == o.DefaultHost
	}
	if !found {
		return fmt.Errorf("%w: default host %q is not among the menu hosts", ErrOptions, o.DefaultHost)
	}
	return validateFiles(o.Files)
}

// validateFiles checks paths and sizes before any work is done.
func validateFiles(files []File) error {
	for i, f := range files {
		if len(splitPath(f.Path)) == 0 {
			return fmt.Errorf("%w: files[%d] has no path", ErrOptions, i)
		}
		if _, err := fileContent(f); err != nil {
			return err
		}
	}
	return nil
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

func now(t time.Time) time.Time {
	if t.IsZero() || t.Year() < 1970 || t.Year() > 2155 {
		return time.Unix(0, 0).UTC()
	}
	return t.UTC()
}
