package iso

import (
	"bytes"
	"fmt"
	"io/fs"
)

// Paths of CentOS 7 media this package rewrites.
const (
	isolinuxBin  = "isolinux/isolinux.bin"
	isolinuxCfg  = "isolinux/isolinux.cfg"
	catalogPath  = "isolinux/boot.cat"
	efibootImg   = "images/efiboot.img"
	grubCfg      = "EFI/BOOT/grub.cfg"
	isoInitrd    = "isolinux/initrd.img"
	pxeInitrd    = "images/pxeboot/initrd.img"
	maxBootFile  = 64 << 20
	dirMode      = fs.ModeDir | 0o555
	mbrCodeBytes = 432
)

// prepareRole copies the base tree and rewrites its boot configuration.
func prepareRole(b *base, o Options) (*image, error) {
	root := b.root.clone(nil)
	m := &menu{oldLabel: b.label, label: o.Label, title: o.Title, hosts: o.Hosts,
		defaultHost: o.DefaultHost, args: o.KernelArgs, timeout: o.Timeout}
	if m.title == "" {
		m.title = o.Label
	}
	img := &image{label: o.Label, root: root, now: now(o.Now), boot: &bootFiles{}}
	steps := []func() error{
		func() error { return img.takeCatalog(b) },
		func() error { return img.takeIsolinux() },
		func() error { return rewriteFile(root, isolinuxCfg, m, rewriteIsolinux) },
		func() error { return rewriteFile(root, grubCfg, m, rewriteGrub) },
		func() error { return img.takeEFIBoot(m) },
		func() error { return addOverlays(root, o) },
		func() error { return addFiles(root, o.Kickstart, o.Files) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	img.mbr = mbrCode(b.system, logger(o.Log))
	return img, nil
}

// takeCatalog replaces the base's boot catalog file with a fresh one.
func (img *image) takeCatalog(b *base) error {
	p := catalogPath
	img.root.walk(func(n *node) {
		if n.data != nil && b.catalog != 0 && n.data.parts[0].r == b.r && n.data.parts[0].off == int64(b.catalog)*sectorSize {
			p = n.pathOf()
		}
	})
	n, err := img.root.put(p, 0o444, dataContent(make([]byte, sectorSize)))
	img.boot.catalog = n
	return err
}

// file returns the regular file at p or an error naming what is missing.
func file(root *node, p string) (*node, error) {
	n := root.lookup(p)
	if n == nil || n.data == nil {
		return nil, fmt.Errorf("finding %s: %w", p, ErrBaseLayout)
	}
	return n, nil
}

// takeIsolinux copies isolinux.bin into memory for its boot info table.
func (img *image) takeIsolinux() error {
	n, err := file(img.root, isolinuxBin)
	if err != nil {
		return err
	}
	data, err := readAll(n.data, maxBootFile)
	if err != nil {
		return fmt.Errorf("reading %s: %w", isolinuxBin, err)
	}
	n.data = dataContent(data)
	img.boot.isolinux = n
	return nil
}

func rewriteFile(root *node, p string, m *menu, fn func([]byte, *menu) ([]byte, error)) error {
	n, err := file(root, p)
	if err != nil {
		return err
	}
	old, err := readAll(n.data, maxBootFile)
	if err != nil {
		return fmt.Errorf("reading %s: %w", p, err)
	}
	cfg, err := fn(old, m)
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", p, err)
	}
	n.data = dataContent(cfg)
	return nil
}

// takeEFIBoot rewrites the grub.cfg inside the UEFI boot image.
func (img *image) takeEFIBoot(m *menu) error {
	n, err := file(img.root, efibootImg)
	if err != nil {
		return err
	}
	data, err := readAll(n.data, maxBootFile)
	if err != nil {
		return fmt.Errorf("reading %s: %w", efibootImg, err)
	}
	fat, err := openFAT(data)
	if err != nil {
		return fmt.Errorf("opening %s: %w", efibootImg, err)
	}
	old, err := fat.readFile(grubCfg)
	if err != nil {
		return fmt.Errorf("reading %s in %s: %w", grubCfg, efibootImg, err)
	}
	cfg, err := rewriteGrub(old, m)
	if err != nil {
		return fmt.Errorf("rewriting %s in %s: %w", grubCfg, efibootImg, err)
	}
	if err := fat.writeFile(grubCfg, cfg); err != nil {
		return fmt.Errorf("writing %s in %s: %w", grubCfg, efibootImg, err)
	}
	n.data = dataContent(data)
	img.boot.efiboot = n
	return nil
}

// addOverlays appends the kickstart overlay to both initrds; when they
// hold the same bytes the new content is shared too.
func addOverlays(root *node, o Options) error {
	ov, err := overlay(o.Kickstart, now(o.Now))
	if err != nil {
		return err
	}
	made := map[[2]int64]*content{}
	for i, p := range []string{isoInitrd, pxeInitrd} {
		n, err := file(root, p)
		if err != nil {
			if i == 0 {
				return err
			}
			continue
		}
		key := [2]int64{n.data.parts[0].off, n.data.size}
		if made[key] == nil {
			made[key] = withOverlay(n.data, ov)
		}
		n.data = made[key]
	}
	return nil
}

// mbrCode returns the base media's isohybrid MBR boot code, or nil with a
// warning when the base cannot boot from a USB stick on BIOS either.
func mbrCode(system []byte, log interface{ Warn(string, ...any) }) []byte {
	code := system[:mbrCodeBytes]
	if system[510] != 0x55 || system[511] != 0xAA || bytes.Count(code, []byte{0}) == len(code) {
		log.Warn("base ISO has no isohybrid MBR boot code; the image boots from USB on UEFI only")
		return nil
	}
	return bytes.Clone(code)
}
