package iso

import (
	"fmt"
	"io"
	"io/fs"
)

// Volume is a read-only view of an ISO 9660 image's tree, read with the
// same parser the builder uses for the base media (Rock Ridge names, no
// Joliet). Files are read straight from the image: nothing is mounted or
// extracted.
type Volume struct {
	b *base
}

// OpenVolume parses the image r. r must stay open while the Volume is
// used.
func OpenVolume(r io.ReaderAt) (*Volume, error) {
	b, err := readBase(r)
	if err != nil {
		return nil, fmt.Errorf("reading the ISO 9660 tree: %w", err)
	}
	return &Volume{b: b}, nil
}

// Label is the volume label of the primary volume descriptor.
func (v *Volume) Label() string { return v.b.label }

// Open returns a reader of the regular file at the slash-separated path p
// (e.g. "repodata/repomd.xml"); its signature is that of repomd.Opener.
func (v *Volume) Open(p string) (io.ReadCloser, error) {
	n := v.b.root.lookup(p)
	switch {
	case n == nil:
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	case n.data == nil:
		return nil, &fs.PathError{Op: "open", Path: p, Err: fmt.Errorf("not a regular file (%v)", n.mode.Type())}
	}
	rs := make([]io.Reader, 0, len(n.data.parts))
	for _, pt := range n.data.parts {
		rs = append(rs, io.NewSectionReader(pt.r, pt.off, pt.n))
	}
	return io.NopCloser(io.MultiReader(rs...)), nil
}
