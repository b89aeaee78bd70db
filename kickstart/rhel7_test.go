package kickstart_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rhel7Command is what pykickstart's RHEL7 handler accepts for one
// command: options that take a value (--opt=value), options that are
// flags, and how many positional arguments it takes.
type rhel7Command struct {
	value, flag []string
	args        int
}

func words(s string) []string { return strings.Fields(s) }

// rhel7 lists the commands rockyiso emits with every option their
// RHEL7 classes accept, taken from pykickstart's handlers/rhel7.py
// (RHEL7_AutoPart, RHEL7_Bootloader, FC3_Cdrom, RHEL7_ClearPart,
// F20_Firewall, FC3_Firstboot, F14_IgnoreDisk, F18_Keyboard, F19_Lang,
// RHEL7_Network, F18_Reboot, RHEL7_Repo, F18_RootPw, FC3_SELinux,
// FC6_Services, FC3_SkipX, FC3_DisplayMode, RHEL7_Timezone, F18_Url,
// F9_ZeroMbr). The real ksvalidator -v RHEL7 is run by hand; this table
// keeps every golden within it in CI, where pykickstart is not packaged.
var rhel7 = map[string]rhel7Command{
	"autopart": {value: words("--cipher --escrowcert --fstype --passphrase --type"),
		flag: words("--backuppassphrase --encrypted --nohome --nolvm")},
	"bootloader": {value: words("--append --boot-drive --default --driveorder --location --md5pass --password --timeout"),
		flag: words("--disabled --extlinux --iscrypted --leavebootorder --nombr --upgrade")},
	"cdrom": {},
	"clearpart": {value: words("--disklabel --drives --list"),
		flag: words("--all --cdl --initlabel --linux --none")},
	"firewall": {value: words("--port --remove-service --service --trust"),
		flag: words("--disable --disabled --enable --enabled --ftp --http --smtp --ssh")},
	"firstboot":  {flag: words("--disable --disabled --enable --enabled --reconfig")},
	"ignoredisk": {value: words("--drives --only-use"), flag: words("--interactive")},
	"keyboard":   {value: words("--switch --vckeymap --xlayouts")},
	"lang":       {value: words("--addsupport"), args: 1},
	"network": {value: words("--bindto --bondopts --bondslaves --bootproto --bridgeopts --bridgeslaves --device " +
		"--dhcpclass --essid --ethtool --gateway --hostname --interfacename --ip --ipv6 --ipv6gateway --mtu " +
		"--nameserver --netmask --onboot --teamconfig --teamslaves --vlanid --wepkey --wpakey"),
		flag: words("--activate --no-activate --nodefroute --nodns --noipv4 --noipv6 --notksdevice")},
	"reboot": {flag: words("--eject")},
	"repo": {value: words("--baseurl --cost --excludepkgs --ignoregroups --includepkgs --mirrorlist --name --proxy"),
		flag: words("--install --noverifyssl")},
	"rootpw":   {flag: words("--iscrypted --lock --plaintext"), args: 1},
	"selinux":  {flag: words("--disabled --enforcing --permissive")},
	"services": {value: words("--disabled --enabled")},
	"skipx":    {},
	"text":     {},
	"timezone": {value: words("--ntpservers"), flag: words("--isUtc --nontp --utc"), args: 1},
	"url":      {value: words("--mirrorlist --proxy --url"), flag: words("--noverifyssl")},
	"zerombr":  {},
	"%include": {args: 1},
}

// rhel7Sections are the section headers' options (pykickstart sections.py).
var rhel7Sections = map[string]rhel7Command{
	"%pre":      {value: words("--interpreter --log --logfile"), flag: words("--erroronfail")},
	"%post":     {value: words("--interpreter --log --logfile"), flag: words("--erroronfail --nochroot")},
	"%packages": {value: words("--instLangs --retries --timeout"), flag: words("--default --excludedocs --ignoremissing --multilib --nobase --nocore")},
}

// bootprotos are RHEL7_Network's --bootproto choices.
var bootprotos = words("dhcp bootp static query ibft")

// checkRHEL7 fails the test for any command or option of the kickstart
// text that pykickstart's RHEL7 handler would refuse.
func checkRHEL7(t *testing.T, name, text string) {
	t.Helper()
	for _, p := range rhel7Problems(name, text) {
		t.Error(p)
	}
}

// rhel7Problems lists what pykickstart's RHEL7 handler would refuse in
// the kickstart text.
func rhel7Problems(name, text string) []string {
	var ps []string
	report := func(format string, a ...any) { ps = append(ps, fmt.Sprintf(format, a...)) }
	inSection := false
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		switch {
		case inSection:
			inSection = line != "%end"
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case rhel7Sections[f[0]].value != nil:
			checkLine(report, name, i+1, f, rhel7Sections[f[0]], true)
			inSection = true
		default:
			c, ok := rhel7[f[0]]
			if !ok {
				report("%s:%d: %q is not a RHEL7 command rockyiso knows", name, i+1, f[0])
				continue
			}
			checkLine(report, name, i+1, f, c, false)
		}
	}
	if inSection {
		report("%s: section not closed by %%end", name)
	}
	return ps
}

func checkLine(report func(string, ...any), name string, n int, f []string, c rhel7Command, section bool) {
	args := 0
	for _, w := range f[1:] {
		opt, val, hasVal := strings.Cut(w, "=")
		switch {
		case !strings.HasPrefix(w, "--"):
			args++
		case hasVal && contains(c.value, opt):
			if opt == "--bootproto" && !contains(bootprotos, val) {
				report("%s:%d: --bootproto=%s is not one of %v", name, n, val, bootprotos)
			}
		case !hasVal && contains(c.flag, opt):
		default:
			report("%s:%d: %s: %q is not a RHEL7 option (value options %v, flags %v)", name, n, f[0], w, c.value, c.flag)
		}
	}
	if args != c.args && !section {
		report("%s:%d: %s takes %d positional arguments, got %d", name, n, f[0], c.args, args)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestGoldensAreRHEL7(t *testing.T) {
	paths, err := filepath.Glob("testdata/*.ks.golden")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden kickstarts (%v)", err)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			checkRHEL7(t, p, string(b))
		})
	}
}

// TestCheckRHEL7Rejects makes sure the checker can fail.
func TestCheckRHEL7Rejects(t *testing.T) {
	tests := []struct{ name, line string }{
		{"unknown command", "install"},
		{"misspelled option", "timezone UTC --isutc"},
		{"bootproto none", "network --device=eth0 --bootproto=none"},
		{"flag given a value", "network --device=eth0 --activate=yes"},
		{"value option without value", "repo --name"},
		{"missing positional", "lang"},
		{"unknown section option", "%post --chroot\n%end"},
		{"unclosed section", "%packages\n@core"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(rhel7Problems("x.ks", tt.line)) == 0 {
				t.Errorf("checkRHEL7 accepted %q", tt.line)
			}
		})
	}
}
