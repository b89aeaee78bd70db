package iso

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// menu is what the rewritten boot menus offer.
type menu struct {
	oldLabel    string
	label       string
	title       string
	hosts       []MenuHost
	defaultHost string
	args        []string
	timeout     time.Duration
}

// bootArgs are the arguments every install entry passes, before extras.
func (m *menu) bootArgs(kept []string) []string {
	a := []string{"inst.stage2=hd:LABEL=" + m.label, "inst.ks=file:/" + ksName}
	return append(append(a, kept...), m.args...)
}

// entry is one generated menu entry.
type entry struct {
	id, title string
	extra     string // appended argument, "" for none
	isDefault bool
	local     bool
}

func (m *menu) entries() []entry {
	es := []entry{{id: "install", title: "Install " + m.title + " (unattended)", isDefault: m.defaultHost == ""}}
	for _, h := range m.hosts {
		title := "Install " + h.Name
		if h.MAC != "" {
			title += " (" + h.MAC + ")"
		}
		es = append(es, entry{id: "host-" + h.Name, title: title,
			extra: "rockyiso.host=" + h.Name, isDefault: h.Name == m.defaultHost})
	}
	es = append(es, entry{id: "check", title: "Test this media & install " + m.title, extra: "rd.live.check"})
	return append(es, entry{id: "local", title: "Boot from local drive", local: true})
}

// droppedArg says which base arguments the rewrite replaces.
func droppedArg(a string) bool {
	for _, p := range []string{"inst.stage2=", "stage2=", "inst.ks=", "ks=", "initrd=", "rockyiso.host="} {
		if strings.HasPrefix(a, p) {
			return true
		}
	}
	return a == "rd.live.check"
}

func keptArgs(args []string) []string {
	var kept []string
	for _, a := range args {
		if !droppedArg(a) {
			kept = append(kept, a)
		}
	}
	return kept
}

func lines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// relabel replaces the old volume label, plain or with \x20 escapes.
func (m *menu) relabel(s string) string {
	if m.oldLabel == "" {
		return s
	}
	s = strings.ReplaceAll(s, strings.ReplaceAll(m.oldLabel, " ", `\x20`), m.label)
	return strings.ReplaceAll(s, m.oldLabel, m.label)
}

// isolinuxKernel is what the first install entry of isolinux.cfg boots.
type isolinuxKernel struct {
	kernel, initrd string
	args           []string
}

// rewriteIsolinux keeps isolinux.cfg's look (everything before the first
// label) and replaces its entries (syslinux menu.c32/vesamenu.c32 syntax).
func rewriteIsolinux(cfg []byte, m *menu) ([]byte, error) {
	ls := lines(cfg)
	k, err := findIsolinuxKernel(ls)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	ui := isolinuxHeader(&b, ls, m)
	fmt.Fprintf(&b, "timeout %d\n", max(1, m.timeout.Milliseconds()/100))
	for _, e := range m.entries() {
		if e.isDefault && !ui {
			fmt.Fprintf(&b, "default %s\n", e.id)
		}
	}
	for _, e := range m.entries() {
		writeIsolinuxEntry(&b, e, k, m)
	}
	return []byte(b.String()), nil
}

var isolinuxStop = regexp.MustCompile(`(?i)^\s*(label\s|menu\s+begin)`)
var isolinuxDrop = regexp.MustCompile(`(?i)^\s*(timeout|totaltimeout|ontimeout|menu\s+default|default)\b`)
var isolinuxUI = regexp.MustCompile(`(?i)^\s*(ui\s|default\s+\S+\.c32)`)

// isolinuxHeader copies the header and says whether it loads a menu UI.
func isolinuxHeader(b *strings.Builder, ls []string, m *menu) bool {
	ui := false
	for _, l := range ls {
		if isolinuxStop.MatchString(l) {
			break
		}
		if isolinuxUI.MatchString(l) {
			ui = true
			b.WriteString(l + "\n")
			continue
		}
		if !isolinuxDrop.MatchString(l) {
			b.WriteString(m.relabel(l) + "\n")
		}
	}
	return ui
}

func findIsolinuxKernel(ls []string) (isolinuxKernel, error) {
	var k isolinuxKernel
	for _, l := range ls {
		f := strings.Fields(l)
		switch {
		case len(f) >= 2 && strings.EqualFold(f[0], "kernel") && k.kernel == "":
			k.kernel = f[1]
		case len(f) >= 2 && strings.EqualFold(f[0], "append") && k.kernel != "":
			for _, a := range f[1:] {
				if v, ok := strings.CutPrefix(a, "initrd="); ok {
					k.initrd = v
				}
			}
			k.args = keptArgs(f[1:])
			if k.initrd == "" {
				return k, fmt.Errorf("isolinux.cfg: the append line after %q names no initrd=", "kernel "+k.kernel)
			}
			return k, nil
		}
	}
	return k, fmt.Errorf("isolinux.cfg: no label with kernel and append lines: %w", ErrBaseLayout)
}

func writeIsolinuxEntry(b *strings.Builder, e entry, k isolinuxKernel, m *menu) {
	fmt.Fprintf(b, "\nlabel %s\n  menu label %s\n", e.id, e.title)
	if e.isDefault {
		b.WriteString("  menu default\n")
	}
	if e.local {
		b.WriteString("  localboot 0xffff\n")
		return
	}
	args := append([]string{"initrd=" + k.initrd}, m.bootArgs(k.args)...)
	if e.extra != "" {
		args = append(args, e.extra)
	}
	fmt.Fprintf(b, "  kernel %s\n  append %s\n", k.kernel, strings.Join(args, " "))
}

// grubKernel is what the first menuentry of grub.cfg boots.
type grubKernel struct {
	linux, kernel, initrdCmd, initrd string
	args                             []string
}

// rewriteGrub keeps grub.cfg's header (before the first menuentry), points
// its search at the new label and replaces its entries (GRUB 2 script).
func rewriteGrub(cfg []byte, m *menu) ([]byte, error) {
	ls := lines(cfg)
	k, err := findGrubKernel(ls)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	def := 0
	for i, e := range m.entries() {
		if e.isDefault {
			def = i
		}
	}
	fmt.Fprintf(&b, "set default=\"%d\"\nset timeout=%d\n", def, max(1, int(m.timeout.Round(time.Second)/time.Second)))
	grubHeader(&b, ls, m)
	for _, e := range m.entries() {
		writeGrubEntry(&b, e, k, m)
	}
	return []byte(b.String()), nil
}

var grubStop = regexp.MustCompile(`^\s*(menuentry|submenu)\s`)
var grubDrop = regexp.MustCompile(`^\s*set\s+(default|timeout)=`)
var grubSearch = regexp.MustCompile(`^\s*search\s.*\s-l\s`)

func grubHeader(b *strings.Builder, ls []string, m *menu) {
	searched := false
	for _, l := range ls {
		if grubStop.MatchString(l) {
			break
		}
		switch {
		case grubDrop.MatchString(l):
		case grubSearch.MatchString(l):
			searched = true
			fmt.Fprintf(b, "search --no-floppy --set=root -l '%s'\n", m.label)
		default:
			b.WriteString(m.relabel(l) + "\n")
		}
	}
	if !searched {
		fmt.Fprintf(b, "search --no-floppy --set=root -l '%s'\n", m.label)
	}
}

func findGrubKernel(ls []string) (grubKernel, error) {
	var k grubKernel
	in := false
	for _, l := range ls {
		f := strings.Fields(l)
		switch {
		case grubStop.MatchString(l):
			in = true
		case !in || len(f) < 2:
		case (f[0] == "linux" || f[0] == "linuxefi") && k.kernel == "":
			k.linux, k.kernel, k.args = f[0], f[1], keptArgs(f[2:])
		case (f[0] == "initrd" || f[0] == "initrdefi") && k.kernel != "":
			k.initrdCmd, k.initrd = f[0], f[1]
			return k, nil
		}
	}
	return k, fmt.Errorf("grub.cfg: no menuentry with linux and initrd lines: %w", ErrBaseLayout)
}

func writeGrubEntry(b *strings.Builder, e entry, k grubKernel, m *menu) {
	fmt.Fprintf(b, "\nmenuentry '%s' --class fedora --class gnu-linux --class gnu --class os {\n", grubQuote(e.title))
	if e.local {
		b.WriteString("\texit\n}\n")
		return
	}
	args := m.bootArgs(k.args)
	if e.extra != "" {
		args = append(args, e.extra)
	}
	fmt.Fprintf(b, "\t%s %s %s\n\t%s %s\n}\n", k.linux, k.kernel, strings.Join(args, " "), k.initrdCmd, k.initrd)
}

func grubQuote(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }
