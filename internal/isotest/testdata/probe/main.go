// Command probe is the /init of the synthetic base media's initrd in the
// iso package's boot tests. It loads the storage modules listed in
// /modules.order, then prints to the console its kernel command line, the
// /ks.cfg the overlay brought and the listing of the volume whose label
// inst.stage2=hd:LABEL= names, and reboots (qemu runs with -no-reboot).
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

func main() {
	mounts()
	fmt.Println("PROBE-START")
	loadModules()
	cmdline, _ := os.ReadFile("/proc/cmdline")
	fmt.Printf("CMDLINE: %s\n", strings.TrimSpace(string(cmdline)))
	ks, err := os.ReadFile("/ks.cfg")
	fmt.Printf("KS-BEGIN (err=%v)\n%sKS-END\n", err, ks)
	if label := stage2Label(string(cmdline)); label != "" {
		findVolume(label)
	}
	fmt.Println("PROBE-END")
	syscall.Sync()
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_RESTART)
}

func mounts() {
	for _, m := range [][3]string{{"proc", "/proc", "proc"}, {"sysfs", "/sys", "sysfs"}, {"devtmpfs", "/dev", "devtmpfs"}} {
		os.MkdirAll(m[1], 0o755)
		if err := syscall.Mount(m[0], m[1], m[2], 0, ""); err != nil {
			fmt.Printf("mount %s: %v\n", m[1], err)
		}
	}
}

func loadModules() {
	order, _ := os.ReadFile("/modules.order")
	for _, name := range strings.Fields(string(order)) {
		f, err := os.Open("/modules/" + name)
		if err != nil {
			fmt.Printf("module %s: %v\n", name, err)
			continue
		}
		params := []byte{0}
		_, _, errno := syscall.Syscall(sysFinitModule, f.Fd(), uintptr(unsafe.Pointer(&params[0])), 0)
		if errno != 0 && errno != syscall.EEXIST {
			fmt.Printf("module %s: %v\n", name, errno)
		}
		f.Close()
	}
}

func stage2Label(cmdline string) string {
	for _, a := range strings.Fields(cmdline) {
		if v, ok := strings.CutPrefix(a, "inst.stage2=hd:LABEL="); ok {
			return v
		}
	}
	return ""
}

// findVolume polls block devices for an ISO 9660 volume labelled label.
func findVolume(label string) {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		devs, _ := filepath.Glob("/sys/class/block/*")
		for _, d := range devs {
			dev := "/dev/" + filepath.Base(d)
			if volumeLabel(dev) == label {
				list(dev)
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Printf("VOLUME-NOT-FOUND %s\n", label)
}

func volumeLabel(dev string) string {
	f, err := os.Open(dev)
	if err != nil {
		return ""
	}
	defer f.Close()
	pvd := make([]byte, 2048)
	if _, err := f.ReadAt(pvd, 16*2048); err != nil || string(pvd[1:6]) != "CD001" {
		return ""
	}
	return string(bytes.TrimRight(pvd[40:72], " "))
}

func list(dev string) {
	os.MkdirAll("/mnt", 0o755)
	if err := syscall.Mount(dev, "/mnt", "iso9660", syscall.MS_RDONLY, ""); err != nil {
		fmt.Printf("VOLUME %s mount: %v\n", dev, err)
		return
	}
	fmt.Printf("VOLUME %s\n", dev)
	filepath.Walk("/mnt", func(p string, info os.FileInfo, err error) error {
		if err == nil {
			fmt.Printf("ENTRY %s %d\n", strings.TrimPrefix(p, "/mnt"), info.Size())
		}
		return nil
	})
}

// sysFinitModule is finit_module(2) on x86_64; the probe is built for it.
const sysFinitModule = 313
