package repodata

import (
	"strings"

	rpmutils "github.com/sassoftware/go-rpmutils"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// depState carries what createrepo_c remembers while it walks the
// relations of one package.
type depState struct {
	own      map[string]bool // the package's own paths
	provided map[string]bool // name+flags+version of each provide
	required map[string]reqKey
}

type reqKey struct {
	flags, version string
	pre            bool
}

// deps fills the package's relations, filtering requires as createrepo_c
// 0.17 does: rpmlib() requires go, as do requires on the package's own
// primary files, on exactly what it provides and exact repeats; of the
// libc.so.6 requires only the highest stays, placed last.
func deps(h *rpmHeader, p *repomd.Package, own map[string]bool) {
	st := &depState{own: own, provided: map[string]bool{}, required: map[string]reqKey{}}
	for _, k := range depKinds {
		names := strs(h, k.name)
		vers := strs(h, k.version)
		flags, err := h.GetUint32s(k.flags)
		if len(names) == 0 || vers == nil || err != nil {
			continue
		}
		st.kind(p, k, names, vers, flags)
	}
}

func (st *depState) kind(p *repomd.Package, k depKind, names, vers []string, flags []uint32) {
	var libc *repomd.Dep
	n := min(len(names), len(vers), len(flags))
	for i := 0; i < n; i++ {
		name, ver, fl := utf8From(names[i]), utf8From(vers[i]), flags[i]
		fs := flagString(fl)
		nfv := name + fs + ver
		isReq := k.name == rpmutils.REQUIRENAME
		if isReq && st.skipRequire(name, fs, ver, nfv, fl) {
			continue
		}
		e, v, r, ok := parseEVR(ver)
		if !ok {
			continue
		}
		d := repomd.Dep{Name: name, Flags: fs, Epoch: e, Version: v, Release: r}
		switch {
		case k.name == rpmutils.PROVIDENAME:
			st.provided[nfv] = true
			p.Provides = append(p.Provides, d)
		case isReq:
			libc = st.require(p, d, fl, ver, libc)
		default:
			appendWeak(p, k, d, fl)
		}
	}
	if libc != nil {
		p.Requires = append(p.Requires, *libc)
	}
}

func (st *depState) skipRequire(name, flags, ver, nfv string, fl uint32) bool {
	if strings.HasPrefix(name, "rpmlib(") {
		return true
	}
	if strings.HasPrefix(name, "/") && st.own[name] && repomd.IsPrimaryFile(name) {
		return true
	}
	if st.provided[nfv] {
		return true
	}
	prev, seen := st.required[name]
	return seen && prev == reqKey{flags, ver, isPre(fl)}
}

func isPre(fl uint32) bool {
	return fl&(sensePrereq|senseScriptPre|senseScriptPst) != 0
}

// require adds one require (or a recommends, for the legacy MISSINGOK
// flag) and returns the highest libc.so.6 require seen so far.
func (st *depState) require(p *repomd.Package, d repomd.Dep, fl uint32, ver string, libc *repomd.Dep) *repomd.Dep {
	if fl&senseMissingOK != 0 {
		p.Recommends = append(p.Recommends, d)
		return libc
	}
	d.Pre = isPre(fl)
	if strings.HasPrefix(d.Name, "libc.so.6") {
		if libc == nil || compareLibc(libc.Name, d.Name) == 2 {
			return &d
		}
		return libc
	}
	p.Requires = append(p.Requires, d)
	st.required[d.Name] = reqKey{d.Flags, ver, d.Pre}
	return libc
}

func appendWeak(p *repomd.Package, k depKind, d repomd.Dep, fl uint32) {
	if k.list != nil {
		*k.list(p) = append(*k.list(p), d)
		return
	}
	strong := fl&senseStrong != 0
	switch {
	case k.name == tagOldSuggests && strong:
		p.Recommends = append(p.Recommends, d)
	case k.name == tagOldSuggests:
		p.Suggests = append(p.Suggests, d)
	case strong:
		p.Supplements = append(p.Supplements, d)
	default:
		p.Enhances = append(p.Enhances, d)
	}
}

// compareLibc orders libc.so.6 requires like createrepo_c's
// cr_compare_dependency: 0 same, 1 first bigger, 2 second bigger.
func compareLibc(a, b string) int {
	va, oka := libcVersion(a)
	vb, okb := libcVersion(b)
	switch {
	case !oka && !okb:
		return 0
	case !oka:
		return 2
	case !okb:
		return 1
	}
	switch c := rpmutils.Vercmp(va, vb); c {
	case -1:
		return 2
	default:
		return c
	}
}

// libcVersion returns the version inside "libc.so.6(GLIBC_2.14)(64bit)":
// from the first digit inside the first parentheses to the ')'.
func libcVersion(dep string) (string, bool) {
	i := strings.IndexByte(dep, '(')
	if i < 0 {
		return "", false
	}
	j := strings.IndexByte(dep[i:], ')')
	if j < 0 {
		return "", false
	}
	inner := dep[i+1 : i+j]
	k := strings.IndexAny(inner, "0123456789")
	if k < 0 {
		return "", false
	}
	return inner[k:], true
}
