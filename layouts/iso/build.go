package iso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Build writes one role ISO from a base ISO.
func Build(ctx context.Context, o Options) error {
	return BuildAll(ctx, []Options{o})
}

// BuildAll writes several role ISOs from one base ISO in a single pass:
// the base is parsed once and each of its files is read once and written
// to every output, each output hashed on its own goroutine.
func BuildAll(ctx context.Context, opts []Options) error {
	if len(opts) == 0 {
		return fmt.Errorf("%w: no images to build", ErrOptions)
	}
	if err := validateAll(opts); err != nil {
		return err
	}
	log := logger(opts[0].Log)
	f, err := os.Open(opts[0].Base)
	if err != nil {
		return fmt.Errorf("opening the base ISO: %w", err)
	}
	defer f.Close()
	log.Info("reading base ISO", "path", opts[0].Base)
	b, err := readBase(f)
	if err != nil {
		return fmt.Errorf("reading base ISO %s: %w", opts[0].Base, err)
	}
	imgs := make([]*image, len(opts))
	dests := make([]string, len(opts))
	for i, o := range opts {
		if imgs[i], err = prepareRole(b, o); err != nil {
			return fmt.Errorf("preparing %s: %w", o.Out, err)
		}
		dests[i] = o.Out
	}
	return writeImages(ctx, b, imgs, dests, log)
}

// validateAll checks every image's options and that they share one base
// and no output path.
func validateAll(opts []Options) error {
	outs := map[string]bool{}
	for i := range opts {
		o := &opts[i]
		if err := o.validate(); err != nil {
			return err
		}
		if o.Base != opts[0].Base {
			return fmt.Errorf("%w: one run reads one base ISO, got %s and %s", ErrOptions, opts[0].Base, o.Base)
		}
		if outs[o.Out] {
			return fmt.Errorf("%w: two images would be written to %s", ErrOptions, o.Out)
		}
		outs[o.Out] = true
	}
	return nil
}

// BuildOEMDRV writes a small volume labelled OEMDRV holding ks.cfg at its
// root and the given files; anaconda reads such a volume's ks.cfg when the
// stock media boots with no inst.ks.
func BuildOEMDRV(ctx context.Context, o OEMDRVOptions) error {
	if o.Out == "" || len(o.Kickstart) == 0 {
		return fmt.Errorf("%w: OEMDRV needs an output path and a kickstart", ErrOptions)
	}
	if err := validateFiles(o.Files); err != nil {
		return err
	}
	root := &node{mode: dirMode}
	if err := addFiles(root, o.Kickstart, o.Files); err != nil {
		return err
	}
	img := &image{label: "OEMDRV", root: root, now: now(o.Now)}
	return writeImages(ctx, nil, []*image{img}, []string{o.Out}, logger(o.Log))
}

// addFiles puts the kickstart at the root and the extra files in place.
func addFiles(root *node, ks []byte, files []File) error {
	if _, err := root.put(ksName, 0o444, dataContent(ks)); err != nil {
		return err
	}
	for _, f := range files {
		c, err := fileContent(f)
		if err != nil {
			return err
		}
		mode := f.Mode.Perm()
		if mode == 0 {
			mode = 0o444
		}
		if _, err := root.put(f.Path, mode, c); err != nil {
			return err
		}
	}
	return nil
}

func fileContent(f File) (*content, error) {
	if f.Source == "" {
		return dataContent(f.Data), nil
	}
	st, err := os.Stat(f.Source)
	if err != nil {
		return nil, fmt.Errorf("adding %s: %w", f.Path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("adding %s: %s is not a regular file", f.Path, f.Source)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("adding %s from %s (%d bytes): %w", f.Path, f.Source, st.Size(), ErrTooLarge)
	}
	c := &content{}
	c.add(part{file: f.Source, n: st.Size()})
	return c, nil
}

// sharedContents lists the base files every image keeps, in base order.
func sharedContents(b *base, imgs []*image) []*content {
	if b == nil {
		return nil
	}
	count := map[*content]int{}
	for _, img := range imgs {
		img.root.walk(func(n *node) {
			if n.data != nil {
				count[n.data]++
			}
		})
	}
	var out []*content
	b.root.walk(func(n *node) {
		if n.data != nil && n.data.size > 0 && count[n.data] == len(imgs) && !slices.Contains(out, n.data) {
			out = append(out, n.data)
		}
	})
	slices.SortStableFunc(out, func(x, y *content) int { return int(x.parts[0].off>>11) - int(y.parts[0].off>>11) })
	return out
}

func writeImages(ctx context.Context, b *base, imgs []*image, dests []string, log interface {
	Info(string, ...any)
}) error {
	shared := sharedContents(b, imgs)
	for _, img := range imgs {
		img.shared = shared
		if err := img.layout(); err != nil {
			return err
		}
		img.finishBoot()
	}
	outs := make([]*output, 0, len(imgs))
	for i, img := range imgs {
		o, err := openOutput(img, dests[i])
		if err != nil {
			abortAll(outs)
			return err
		}
		outs = append(outs, o)
		log.Info("writing ISO", "path", dests[i], "label", img.label, "sectors", img.total)
	}
	if err := stream(ctx, outs, shared); err != nil {
		abortAll(outs)
		return err
	}
	for _, o := range outs {
		if err := o.finish(); err != nil {
			abortAll(outs)
			return err
		}
	}
	return nil
}

func abortAll(outs []*output) {
	for _, o := range outs {
		o.abort()
	}
}

// stream writes every output front to back: each header, the shared base
// files to all outputs at once, then each output's own files and padding.
func stream(ctx context.Context, outs []*output, shared []*content) error {
	s := newStreamer(ctx)
	defer s.drain()
	for _, o := range outs {
		if err := s.sendBytes([]*output{o}, o.img.header()); err != nil {
			return err
		}
	}
	for _, c := range shared {
		if err := sendChecked(s, outs, c); err != nil {
			return err
		}
	}
	for _, o := range outs {
		if err := sendOwn(s, o, len(shared)); err != nil {
			return err
		}
	}
	return nil
}

func sendOwn(s *streamer, o *output, skip int) error {
	one := []*output{o}
	for _, c := range o.img.files[skip:] {
		if err := sendChecked(s, one, c); err != nil {
			return err
		}
	}
	if err := s.sendZeros(one, padSectors*sectorSize); err != nil {
		return err
	}
	if o.pos != int64(o.img.total)*sectorSize {
		return fmt.Errorf("writing %s: wrote %d bytes, laid out %d", o.dest, o.pos, int64(o.img.total)*sectorSize)
	}
	return nil
}

// sendChecked streams c after checking every output is where the layout
// put c.
func sendChecked(s *streamer, outs []*output, c *content) error {
	for _, o := range outs {
		if want := int64(o.img.lbaOf[c]) * sectorSize; o.pos != want {
			return fmt.Errorf("writing %s: at byte %d, file laid out at %d", o.dest, o.pos, want)
		}
	}
	return s.sendContent(outs, c)
}

// readAll loads a (small) file of the base into memory.
func readAll(c *content, limit int64) ([]byte, error) {
	if c.size > limit {
		return nil, fmt.Errorf("%d bytes is more than the %d expected", c.size, limit)
	}
	out := make([]byte, 0, c.size)
	for _, p := range c.parts {
		if p.data != nil {
			out = append(out, p.data...)
			continue
		}
		b := make([]byte, p.n)
		if _, err := p.r.ReadAt(b, p.off); err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		out = append(out, b...)
	}
	return out, nil
}
