package iso

import (
	"bytes"
	"fmt"
	"time"

	"github.com/cavaliergopher/cpio"
)

// overlay is a newc cpio archive holding the kickstart at its root. The
// kernel unpacks archives appended to an initramfs one after the other
// (Documentation/driver-api/early-userspace/buffer-format.rst), so the
// installer finds /ks.cfg for inst.ks=file:/ks.cfg.
func overlay(ks []byte, now time.Time) ([]byte, error) {
	var buf bytes.Buffer
	w := cpio.NewWriter(&buf)
	h := &cpio.Header{Name: ksName, Mode: cpio.TypeReg | 0o644, Size: int64(len(ks)), ModTime: now, Links: 1}
	if err := w.WriteHeader(h); err != nil {
		return nil, fmt.Errorf("writing the initrd overlay header: %w", err)
	}
	if _, err := w.Write(ks); err != nil {
		return nil, fmt.Errorf("writing the initrd overlay: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("closing the initrd overlay: %w", err)
	}
	return buf.Bytes(), nil
}

// withOverlay is base initrd content followed by zero padding to a 4-byte
// boundary and the overlay.
func withOverlay(initrd *content, ov []byte) *content {
	c := &content{}
	for _, p := range initrd.parts {
		c.add(p)
	}
	if pad := (4 - c.size%4) % 4; pad > 0 {
		c.add(part{data: make([]byte, pad), n: pad})
	}
	c.add(part{data: ov, n: int64(len(ov))})
	return c
}
