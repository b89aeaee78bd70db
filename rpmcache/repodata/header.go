package repodata

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	rpmutils "github.com/sassoftware/go-rpmutils"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// RPM header tags and flags that go-rpmutils does not name.
const (
	tagArchiveSize   = 1046
	tagSourcePackage = 1106
	tagOldSuggests   = 1156 // name; version 1157, flags 1158
	tagOldEnhances   = 1159 // name; version 1160, flags 1161
	tagRecommends    = 5046
	tagSuggests      = 5049
	tagSupplements   = 5052
	tagEnhances      = 5055

	senseLess      = 1 << 1
	senseGreater   = 1 << 2
	senseEqual     = 1 << 3
	sensePrereq    = 1 << 6
	senseScriptPre = 1 << 9
	senseScriptPst = 1 << 10
	senseMissingOK = 1 << 19
	senseStrong    = 1 << 27

	fileGhost = 1 << 6
	modeDir   = 0o040000
	modeType  = 0o170000
)

// depKind is one dependency relation and its header tags.
type depKind struct {
	name, version, flags int
	list                 func(*repomd.Package) *[]repomd.Dep
}

// depKinds in createrepo_c's processing order: provides first, so that a
// package's requires on what it provides itself can be dropped.
var depKinds = []depKind{
	{rpmutils.PROVIDENAME, rpmutils.PROVIDEVERSION, rpmutils.PROVIDEFLAGS, func(p *repomd.Package) *[]repomd.Dep { return &p.Provides }},
	{rpmutils.CONFLICTNAME, rpmutils.CONFLICTVERSION, rpmutils.CONFLICTFLAGS, func(p *repomd.Package) *[]repomd.Dep { return &p.Conflicts }},
	{rpmutils.OBSOLETENAME, rpmutils.OBSOLETEVERSION, rpmutils.OBSOLETEFLAGS, func(p *repomd.Package) *[]repomd.Dep { return &p.Obsoletes }},
	{rpmutils.REQUIRENAME, rpmutils.REQUIREVERSION, rpmutils.REQUIREFLAGS, func(p *repomd.Package) *[]repomd.Dep { return &p.Requires }},
	{tagSuggests, tagSuggests + 1, tagSuggests + 2, func(p *repomd.Package) *[]repomd.Dep { return &p.Suggests }},
	{tagEnhances, tagEnhances + 1, tagEnhances + 2, func(p *repomd.Package) *[]repomd.Dep { return &p.Enhances }},
	{tagRecommends, tagRecommends + 1, tagRecommends + 2, func(p *repomd.Package) *[]repomd.Dep { return &p.Recommends }},
	{tagSupplements, tagSupplements + 1, tagSupplements + 2, func(p *repomd.Package) *[]repomd.Dep { return &p.Supplements }},
	{tagOldSuggests, tagOldSuggests + 1, tagOldSuggests + 2, nil},
	{tagOldEnhances, tagOldEnhances + 1, tagOldEnhances + 2, nil},
}

// fromHeader turns an RPM header into a package entry the way
// createrepo_c's cr_package_from_header does. The file checksum,
// location, size and time are the caller's.
func fromHeader(h *rpmHeader, changelogLimit int) (*repomd.Package, error) {
	p := &repomd.Package{
		Name: str(h, rpmutils.NAME), Arch: str(h, rpmutils.ARCH),
		Version: str(h, rpmutils.VERSION), Release: str(h, rpmutils.RELEASE),
		Epoch:   strconv.FormatUint(num(h, rpmutils.EPOCH), 10),
		Summary: str(h, rpmutils.SUMMARY), Description: str(h, rpmutils.DESCRIPTION),
		URL: str(h, rpmutils.URL), TimeBuild: int64(num(h, rpmutils.BUILDTIME)),
		License: str(h, rpmutils.LICENSE), Vendor: str(h, rpmutils.VENDOR),
		Group: str(h, rpmutils.GROUP), BuildHost: str(h, rpmutils.BUILDHOST),
		SourceRPM: str(h, rpmutils.SOURCERPM), Packager: str(h, rpmutils.PACKAGER),
	}
	if h.HasTag(tagSourcePackage) {
		p.Arch = "src"
	}
	p.SizeInstalled, _ = h.InstalledSize()
	p.SizeArchive = archiveSize(h)
	p.HeaderStart, p.HeaderEnd = h.start, h.end
	own := files(h, p)
	deps(h, p, own)
	p.Changelogs = changelogs(h, changelogLimit)
	if err := checkControlChars(p); err != nil {
		return nil, err
	}
	return p, nil
}

func archiveSize(h *rpmHeader) int64 {
	if n, err := h.PayloadSize(); err == nil {
		return n
	}
	return int64(num(h, tagArchiveSize))
}

// str returns a header string as valid UTF-8, converting Latin-1 the way
// createrepo_c does; "" when the tag is absent.
func str(h *rpmHeader, tag int) string {
	v, err := h.GetStrings(tag)
	if err != nil || len(v) == 0 {
		return ""
	}
	return utf8From(v[0])
}

func strs(h *rpmHeader, tag int) []string {
	v, _ := h.GetStrings(tag)
	return v
}

func num(h *rpmHeader, tag int) uint64 {
	v, err := h.GetUint64s(tag)
	if err != nil || len(v) == 0 {
		return 0
	}
	return v[0]
}

// utf8From keeps valid UTF-8 and otherwise reads s as Latin-1, dropping C0
// controls other than tab, LF and CR and the C1 range (cr_latin1_to_utf8).
func utf8From(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 32 && c != '\t' && c != '\n' && c != '\r':
		case c < 128:
			b.WriteByte(c)
		case c < 192:
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// files fills p.Files and returns the set of the package's own paths.
func files(h *rpmHeader, p *repomd.Package) map[string]bool {
	dirs, bases := strs(h, rpmutils.DIRNAMES), strs(h, rpmutils.BASENAMES)
	idx, _ := h.GetUint32s(rpmutils.DIRINDEXES)
	flags, _ := h.GetUint32s(rpmutils.FILEFLAGS)
	modes, _ := h.GetUint32s(rpmutils.FILEMODES)
	n := min(len(bases), len(idx), len(flags), len(modes))
	own := make(map[string]bool, n)
	p.Files = make([]repomd.File, 0, n)
	for i := 0; i < n; i++ {
		dir := ""
		if int(idx[i]) < len(dirs) {
			dir = dirs[idx[i]]
		}
		path := utf8From(dir + bases[i])
		own[path] = true
		p.Files = append(p.Files, repomd.File{Path: path, Type: fileType(modes[i], flags[i])})
	}
	if len(p.Files) == 0 {
		p.Files = nil
	}
	return own
}

func fileType(mode, flags uint32) string {
	switch {
	case mode&modeType == modeDir:
		return "dir"
	case flags&fileGhost != 0:
		return "ghost"
	}
	return ""
}

func flagString(f uint32) string {
	switch f & 0xf {
	case senseLess:
		return "LT"
	case senseGreater:
		return "GT"
	case senseEqual:
		return "EQ"
	case senseLess | senseEqual:
		return "LE"
	case senseGreater | senseEqual:
		return "GE"
	}
	return ""
}

// parseEVR splits "[epoch:]version[-release]" like cr_str_to_evr; ok is
// false for a non-numeric epoch, which createrepo_c skips.
func parseEVR(s string) (e, v, r string, ok bool) {
	if s == "" {
		return "", "", "", true
	}
	rest := s
	e = "0"
	if i := strings.IndexByte(s, ':'); i >= 0 {
		if !leadingDigits(s, i) {
			return "", "", "", false
		}
		if i > 0 {
			e = s[:i]
		}
		rest = s[i+1:]
	}
	if j := strings.IndexByte(rest, '-'); j >= 0 {
		return e, rest[:j], rest[j+1:], true
	}
	return e, rest, "", true
}

// leadingDigits reports whether strtol would stop exactly at s[i]: an
// optional sign and digits (whitespace first is allowed by strtol).
func leadingDigits(s string, i int) bool {
	t := strings.TrimLeft(s[:i], " \t\n\v\f\r")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "+"), "-")
	if t == "" {
		return i == 0
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func checkControlChars(p *repomd.Package) error {
	for _, s := range []string{p.Name, p.Arch, p.Version, p.Release, p.Summary, p.Description, p.URL,
		p.License, p.Vendor, p.Group, p.BuildHost, p.SourceRPM, p.Packager} {
		if hasControl(s) {
			return fmt.Errorf("package %s has forbidden control characters (ASCII < 32 except tab, LF, CR) in its header", p.NEVRA())
		}
	}
	return nil
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 32 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}
