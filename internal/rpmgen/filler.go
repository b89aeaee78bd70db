package rpmgen

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// versionRuns are ascending [E:]V-R runs that only rpmvercmp orders
// right: numeric segments, tildes, letters, epochs, extra segments,
// el7 vs el7_9 releases, letters vs digits.
var versionRuns = [][]string{
	{"1.2.3-1.el7", "1.2.10-1.el7", "1.2.10-2.el7"},
	{"2.0~rc1-1.el7", "2.0-1.el7", "2.0-1.el7_9"},
	{"1.0-1.el7", "1.0a-1.el7", "1.0b-1.el7"},
	{"0.9.9-1.el7", "1:0.1.0-1.el7", "1:0.1.1-1.el7"},
	{"3.1-2.el7", "3.1.0-1.el7", "3.1.0.1-1.el7"},
	{"4.5-1.el7", "4.5-1.el7_9", "4.5-1.el7_9.1"},
	{"R16B-1.el7", "17.0-1.el7", "17.0.1-1.el7"},
	{"5.0-1.el7.centos", "5.0-2.el7", "5.0-10.el7"},
}

var syllables = strings.Fields("ka lo mi ne ru ta zo pe bi du fa go hu ji ve wy")

// word is a distinct pronounceable word for each i.
func word(i int) string {
	var b strings.Builder
	for {
		b.WriteString(syllables[i%len(syllables)])
		i /= len(syllables)
		if i == 0 {
			return b.String()
		}
		i--
	}
}

type kind int

const (
	pylib kind = iota // noarch python module, owns a filelists-only file
	clib              // x86_64 library with a soname, sometimes an i686 twin
	tool              // x86_64 program in /usr/bin (a primary file)
	alt               // a pair of alternative providers of one capability
)

// filler is one generated name and the dependency forms others use for it.
type filler struct {
	kind  kind
	word  string
	specs []*Spec
	forms []string // what a dependent may require to get it
}

type gen struct {
	r   *rand.Rand
	fs  []*filler
	all []*Spec
}

// fillers returns n generated packages and makes skeleton's role-level
// packages depend on some of them.
func fillers(skel []*Spec, n int, seed uint64) []*Spec {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x72706d67656e))}
	for i := 0; len(g.all) < n; i++ {
		g.add(i, n-len(g.all))
	}
	for _, f := range g.fs {
		for _, s := range f.specs {
			g.link(s, []int{0, 0, 1, 1, 2}[g.r.IntN(5)])
		}
	}
	anchors := map[string]bool{
		"python-nova": true, "python-neutron": true, "python-cinder": true, "python-glance": true,
		"python-keystone": true, "python-django-horizon": true, "openstack-nova-compute": true,
		"rabbitmq-server": true, "systemd": true, "python2-openstackclient": true,
	}
	m := max(4, n/300)
	for _, s := range skel {
		if anchors[s.Name] {
			g.link(s, m)
		}
	}
	return g.all
}

// link adds k requirements on random fillers to s.
func (g *gen) link(s *Spec, k int) {
	for range k {
		f := g.fs[g.r.IntN(len(g.fs))]
		if f.specs[0].Name == s.Name {
			continue
		}
		s.req(f.forms[g.r.IntN(len(f.forms))])
	}
}

func (g *gen) add(i, room int) {
	f := &filler{kind: kind(g.r.IntN(10) % 4), word: word(i)}
	if g.r.IntN(10) < 6 && f.kind == alt {
		f.kind = pylib // alternatives are the rarest
	}
	switch f.kind {
	case alt:
		g.addAlt(f, room)
	default:
		g.addVersions(f, room)
	}
	if len(f.specs) > 0 {
		g.fs = append(g.fs, f)
		g.all = append(g.all, f.specs...)
	}
}

// placements put a name's versions (oldest first) into repos. A split
// one has its oldest version in the better-priority repo, so dnf picks
// that one over newer versions: only unversioned requirements on it
// keep every closure consistent.
var placements = []struct {
	repos []string
	split bool
}{
	{[]string{"openstack-rocky", "openstack-rocky", "openstack-rocky"}, false},
	{[]string{"os", "updates", "extras"}, false},
	{[]string{"openstack-rocky", "updates", "updates"}, true},
	{[]string{"os", "os", "ceph-luminous"}, false},
}

func (g *gen) addVersions(f *filler, room int) {
	k := min([]int{1, 1, 1, 1, 1, 1, 2, 2, 2, 3}[g.r.IntN(10)], room)
	run := versionRuns[g.r.IntN(len(versionRuns))]
	start := g.r.IntN(len(run) - k + 1)
	evrs := run[start : start+k]
	place := placements[g.r.IntN(len(placements))]
	if k == 1 {
		place.split = false
	}
	name, arch, path, soname := f.names()
	for i, evr := range evrs {
		s := pkg(place.repos[i], name, evr, arch).files(path)
		if soname != "" {
			s.prov(soname + "()(64bit)")
		}
		f.specs = append(f.specs, s)
	}
	f.forms = []string{name, path}
	if soname != "" {
		f.forms = append(f.forms, soname+"()(64bit)", name+"(x86-64)")
	}
	if !place.split {
		f.forms = append(f.forms, name+" >= "+bare(f.specs[0]), name+" = "+bare(f.specs[k-1]))
	}
	if soname != "" && 2*len(f.specs) <= room && g.r.IntN(3) == 0 {
		g.addTwin(f, soname)
	}
}

// addTwin adds the i686 build of a library, which only a requirement
// nothing else satisfies would pull in.
func (g *gen) addTwin(f *filler, soname string) {
	for _, s := range slices.Clone(f.specs) {
		t := pkg(s.Repo, s.Name, s.EVR(), "i686").prov(soname).files("/usr/lib/" + soname)
		f.specs = append(f.specs, t)
	}
}

// names returns the package name, arch, an owned file and (for a
// library) its soname.
func (f *filler) names() (name, arch, path, soname string) {
	switch f.kind {
	case clib:
		return "lib" + f.word, "x86_64", "/usr/lib64/lib" + f.word + ".so.1", "lib" + f.word + ".so.1"
	case tool:
		return f.word, "x86_64", "/usr/bin/" + f.word, ""
	default:
		return "python2-" + f.word, "noarch", "/usr/lib/python2.7/site-packages/" + f.word + "/__init__.py", ""
	}
}

// bare is s's [E:]V without the release, which matches every release.
func bare(s *Spec) string {
	evr := s.EVR()
	return evr[:strings.LastIndexByte(evr, '-')]
}

// altVariants place the two providers "-a" and "-b" of a capability so
// that dnf's policy picks one: by name, by priority, despite arch, by arch.
var altVariants = [][2][2]string{
	{{"openstack-rocky", "noarch"}, {"openstack-rocky", "noarch"}},
	{{"os", "noarch"}, {"openstack-rocky", "noarch"}},
	{{"os", "i686"}, {"os", "noarch"}},
	{{"os", "i686"}, {"os", "x86_64"}},
}

func (g *gen) addAlt(f *filler, room int) {
	if room < 2 {
		f.kind = pylib
		g.addVersions(f, room)
		return
	}
	capability := "capability(" + f.word + ")"
	v := altVariants[g.r.IntN(len(altVariants))]
	for i, suffix := range []string{"-a", "-b"} {
		s := pkg(v[i][0], "alt-"+f.word+suffix, "1.0-1.el7", v[i][1]).prov(capability)
		f.specs = append(f.specs, s)
	}
	f.forms = []string{capability}
}
