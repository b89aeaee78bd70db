package rpmgen

import (
	"strconv"
	"strings"
)

// pkg starts a Spec from "[E:]V-R". An x86_64 package also provides
// "name(x86-64) = E:V-R", as EL7's do.
func pkg(repo, name, evr, arch string) *Spec {
	s := &Spec{Repo: repo, Name: name, Arch: arch, Summary: "Synthetic " + name}
	if i := strings.IndexByte(evr, ':'); i >= 0 {
		e, err := strconv.ParseUint(evr[:i], 10, 32)
		if err != nil {
			panic("rpmgen: bad epoch in " + evr)
		}
		s.Epoch, evr = uint32(e), evr[i+1:]
	}
	i := strings.LastIndexByte(evr, '-')
	if i < 0 {
		panic("rpmgen: no release in " + evr)
	}
	s.Version, s.Release = evr[:i], evr[i+1:]
	if arch == "x86_64" {
		s.Provides = append(s.Provides, name+"(x86-64) = "+s.EVR())
	}
	return s
}

func (s *Spec) req(deps ...string) *Spec  { s.Requires = append(s.Requires, deps...); return s }
func (s *Spec) prov(deps ...string) *Spec { s.Provides = append(s.Provides, deps...); return s }
func (s *Spec) obs(deps ...string) *Spec  { s.Obsoletes = append(s.Obsoletes, deps...); return s }
func (s *Spec) conf(deps ...string) *Spec { s.Conflicts = append(s.Conflicts, deps...); return s }
func (s *Spec) files(paths ...string) *Spec {
	s.Files = append(s.Files, paths...)
	return s
}

// in copies s into another repo at another [E:]V-R, keeping its
// dependencies; "=EVR" in them becomes the new EVR.
func (s *Spec) in(repo, evr string) *Spec {
	n := pkg(repo, s.Name, evr, s.Arch)
	fix := func(deps []string) []string {
		out := make([]string, len(deps))
		for i, d := range deps {
			out[i] = strings.ReplaceAll(d, s.EVR(), n.EVR())
		}
		return out
	}
	n.Provides = fix(s.Provides)
	n.Requires = fix(s.Requires)
	n.Obsoletes = fix(s.Obsoletes)
	n.Conflicts = fix(s.Conflicts)
	n.Files = s.Files
	return n
}
