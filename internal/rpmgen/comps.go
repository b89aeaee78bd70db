package rpmgen

import (
	"encoding/xml"
	"io"
)

type compsXML struct {
	XMLName xml.Name   `xml:"comps"`
	Groups  []groupXML `xml:"group"`
}

type groupXML struct {
	ID          string   `xml:"id"`
	Name        string   `xml:"name"`
	Description string   `xml:"description"`
	Default     bool     `xml:"default"`
	UserVisible bool     `xml:"uservisible"`
	Packages    []reqXML `xml:"packagelist>packagereq"`
}

type reqXML struct {
	Type string `xml:"type,attr"`
	Name string `xml:",chardata"`
}

// WriteComps writes a comps file (the yum group file format, as in
// CentOS 7's comps-c7-x86_64.xml) whose only group, "core", holds
// CoreGroup as mandatory packages: what "@core" means for the generated
// universe. Pass it to createrepo_c -g for the "os" repo.
func WriteComps(w io.Writer) error {
	c := compsXML{Groups: []groupXML{{
		ID: "core", Name: "Core", Description: "Smallest possible installation",
		Default: true,
	}}}
	for _, p := range CoreGroup {
		c.Groups[0].Packages = append(c.Groups[0].Packages, reqXML{"mandatory", p})
	}
	if _, err := io.WriteString(w, xml.Header+`<!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">`+"\n"); err != nil {
		return err
	}
	e := xml.NewEncoder(w)
	e.Indent("", "  ")
	if err := e.Encode(c); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
