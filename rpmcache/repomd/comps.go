package repomd

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Comps is a parsed comps group file (yum/anaconda comps.dtd).
type Comps struct {
	Groups       []Group
	Environments []Environment
	Categories   []Category
}

// Group is a <group>: Name and Description are the untranslated ones.
type Group struct {
	ID          string
	Name        string
	Description string
	Default     bool
	UserVisible bool
	Packages    []PackageReq
}

// PackageReq is a <packagereq>. Type is mandatory, default, optional or
// conditional; Requires names the package a conditional one depends on.
type PackageReq struct {
	Name     string
	Type     string
	Requires string
}

// Environment is an <environment>: the groups it installs and the ones it
// offers.
type Environment struct {
	ID           string
	Name         string
	Description  string
	DisplayOrder int
	Groups       []string
	Options      []string
}

// Category is a <category> of groups.
type Category struct {
	ID     string
	Name   string
	Groups []string
}

// ParseComps reads a comps file. Package requirement types other than
// mandatory, default, optional and conditional are errors; a missing type
// means mandatory, as in yum. Like yum's own parser it forgives the
// mistakes hand-edited comps files carry (CentOS 7 derivatives ship one
// with a doubled <group> tag): a missing end tag is implied, and an empty
// group opened twice counts once.
func ParseComps(r io.Reader) (*Comps, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading comps: %w", err)
	}
	p := &compsParser{d: xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))}
	p.d.Strict = false
	if err := p.run(); err != nil {
		return nil, fmt.Errorf("%w: parsing comps: %w", ErrMetadata, err)
	}
	return &p.c, nil
}

type compsParser struct {
	d    *xml.Decoder
	c    Comps
	grp  *Group
	env  *Environment
	cat  *Category
	list string // grouplist or optionlist
}

func (p *compsParser) run() error {
	sawRoot := false
	for {
		tok, err := p.d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !sawRoot && t.Name.Local != "comps" {
				return fmt.Errorf("root element is <%s>, want <comps>", t.Name.Local)
			}
			sawRoot = true
			if err := p.start(t); err != nil {
				return err
			}
		case xml.EndElement:
			if err := p.end(t.Name.Local); err != nil {
				return err
			}
		}
	}
	if !sawRoot {
		return errors.New("no <comps> element")
	}
	return p.end("group")
}

func (p *compsParser) start(se xml.StartElement) error {
	switch se.Name.Local {
	case "group":
		if p.grp != nil && (p.grp.ID != "" || len(p.grp.Packages) > 0) {
			if err := p.end("group"); err != nil {
				return err
			}
		}
		p.grp = &Group{UserVisible: true}
	case "environment":
		p.env = &Environment{}
	case "category":
		p.cat = &Category{}
	case "grouplist", "optionlist":
		p.list = se.Name.Local
	case "packagereq":
		return p.packageReq(se)
	case "id", "name", "description", "default", "uservisible", "display_order", "groupid":
		return p.field(se)
	}
	return nil
}

func (p *compsParser) end(name string) error {
	switch {
	case name == "group" && p.grp != nil:
		g := p.grp
		p.grp = nil
		if g.ID == "" && len(g.Packages) == 0 {
			return nil
		}
		if g.ID == "" {
			return fmt.Errorf("group #%d has no <id>", len(p.c.Groups)+1)
		}
		p.c.Groups = append(p.c.Groups, *g)
	case name == "environment" && p.env != nil:
		p.c.Environments = append(p.c.Environments, *p.env)
		p.env = nil
	case name == "category" && p.cat != nil:
		p.c.Categories = append(p.c.Categories, *p.cat)
		p.cat = nil
	case name == "grouplist" || name == "optionlist":
		p.list = ""
	}
	return nil
}

func (p *compsParser) packageReq(se xml.StartElement) error {
	var typ, requires string
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "type":
			typ = a.Value
		case "requires":
			requires = a.Value
		}
	}
	var name string
	if err := p.d.DecodeElement(&name, &se); err != nil {
		return err
	}
	req, err := packageReq(typ, requires, name)
	if err != nil || p.grp == nil {
		return err
	}
	p.grp.Packages = append(p.grp.Packages, req)
	return nil
}

// field stores the text of a simple element in the innermost open
// group, environment or category. Translated names and descriptions
// (xml:lang) are skipped.
func (p *compsParser) field(se xml.StartElement) error {
	var v string
	if err := p.d.DecodeElement(&v, &se); err != nil {
		return err
	}
	v = strings.TrimSpace(v)
	for _, a := range se.Attr {
		if a.Name.Local == "lang" {
			return nil
		}
	}
	switch {
	case p.grp != nil:
		p.groupField(se.Name.Local, v)
	case p.env != nil:
		p.envField(se.Name.Local, v)
	case p.cat != nil:
		p.catField(se.Name.Local, v)
	}
	return nil
}

func (p *compsParser) groupField(name, v string) {
	switch name {
	case "id":
		p.grp.ID = v
	case "name":
		p.grp.Name = v
	case "description":
		p.grp.Description = v
	case "default":
		p.grp.Default = isTrue(v, false)
	case "uservisible":
		p.grp.UserVisible = isTrue(v, true)
	}
}

func (p *compsParser) envField(name, v string) {
	switch name {
	case "id":
		p.env.ID = v
	case "name":
		p.env.Name = v
	case "description":
		p.env.Description = v
	case "display_order":
		p.env.DisplayOrder, _ = strconv.Atoi(v)
	case "groupid":
		if p.list == "optionlist" {
			p.env.Options = append(p.env.Options, v)
		} else {
			p.env.Groups = append(p.env.Groups, v)
		}
	}
}

func (p *compsParser) catField(name, v string) {
	switch name {
	case "id":
		p.cat.ID = v
	case "name":
		p.cat.Name = v
	case "groupid":
		p.cat.Groups = append(p.cat.Groups, v)
	}
}

func packageReq(typ, requires, name string) (PackageReq, error) {
	req := PackageReq{Name: strings.TrimSpace(name), Type: typ, Requires: requires}
	if req.Type == "" {
		req.Type = "mandatory"
	}
	switch req.Type {
	case "mandatory", "default", "optional", "conditional":
	default:
		return req, fmt.Errorf("packagereq %q has unknown type %q (want mandatory, default, optional or conditional)", req.Name, typ)
	}
	if req.Name == "" {
		return req, errors.New("empty packagereq")
	}
	return req, nil
}

func isTrue(s string, def bool) bool {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	return def
}

// Group returns the group with the given id, or false.
func (c *Comps) Group(id string) (Group, bool) {
	for _, g := range c.Groups {
		if g.ID == id {
			return g, true
		}
	}
	return Group{}, false
}

// Installed returns the names a group installs by default: its
// mandatory and default packages (what anaconda's %packages @group does).
func (g Group) Installed() []string {
	var names []string
	for _, p := range g.Packages {
		if p.Type == "mandatory" || p.Type == "default" {
			names = append(names, p.Name)
		}
	}
	return names
}
