package isotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

// Firmware is the PC firmware qemu boots with.
type Firmware string

// Media is how the image is attached.
type Media string

// Firmwares and media the boot tests cover.
const (
	SeaBIOS Firmware = "seabios"
	OVMF    Firmware = "ovmf"
	CD      Media    = "cd"
	USB     Media    = "usb"
)

// ovmfImage is Debian's ovmf package's combined firmware image.
const ovmfImage = "/usr/share/ovmf/OVMF.fd"

// Boot runs iso under qemu (software emulation: KVM is not available
// everywhere) until the probe reboots, and returns the serial console.
func Boot(t testing.TB, iso string, fw Firmware, media Media) string {
	t.Helper()
	qemu := fixture.Tool(t, "qemu-system-x86_64")
	serial := filepath.Join(t.TempDir(), "serial.log")
	args := []string{"-accel", "tcg", "-m", "768", "-smp", "1", "-display", "none", "-vga", "std",
		"-monitor", "none", "-no-reboot", "-serial", "file:" + serial}
	if fw == OVMF {
		if _, err := os.Stat(ovmfImage); err != nil {
			fixture.Tool(t, "ovmf-is-missing")
		}
		args = append(args, "-bios", ovmfImage)
	}
	switch media {
	case CD:
		args = append(args, "-drive", "file="+iso+",media=cdrom,if=ide,readonly=on,format=raw", "-boot", "d")
	case USB:
		args = append(args, "-device", "qemu-xhci,id=xhci",
			"-drive", "if=none,id=stick,format=raw,readonly=on,file="+iso,
			"-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=1")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := time.Now()
	out, err := exec.CommandContext(ctx, qemu, args...).CombinedOutput()
	log, _ := os.ReadFile(serial)
	t.Logf("qemu %s %s: %v in %s", fw, media, err, time.Since(start).Round(time.Second))
	if err != nil || !strings.Contains(string(log), "PROBE-END") {
		t.Fatalf("booting %s from %s under %s: %v\nqemu: %s\nserial:\n%s", iso, media, fw, err, out, tail(string(log)))
	}
	return string(log)
}

func tail(s string) string {
	if len(s) > 6000 {
		return "..." + s[len(s)-6000:]
	}
	return s
}
