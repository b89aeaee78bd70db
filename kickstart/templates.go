package kickstart

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"
)

//go:embed templates/*.tmpl
var embedded embed.FS

// parseTemplates parses the embedded templates, then the overrides: each
// NAME.tmpl defines the template NAME, and a later file of the same name
// replaces the earlier one. A file's final newline is not part of its
// template, so that ks.tmpl alone decides the spacing between templates.
func parseTemplates(override fs.FS) (*template.Template, error) {
	t := template.New("ks").Option("missingkey=error")
	t.Funcs(funcMap(t))
	sub, err := fs.Sub(embedded, "templates")
	if err != nil {
		return nil, fmt.Errorf("reading embedded templates: %w", err)
	}
	if err := parseDir(t, sub, "embedded"); err != nil {
		return nil, err
	}
	if override == nil {
		return t, nil
	}
	return t, parseDir(t, override, "--templates")
}

func parseDir(t *template.Template, fsys fs.FS, what string) error {
	names, err := fs.Glob(fsys, "*.tmpl")
	if err != nil {
		return fmt.Errorf("listing %s templates: %w", what, err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return fmt.Errorf("reading %s template %s: %w", what, n, err)
		}
		name := strings.TrimSuffix(path.Base(n), ".tmpl")
		text := strings.TrimSuffix(string(b), "\n")
		if _, err := t.New(name).Parse(text); err != nil {
			return fmt.Errorf("parsing %s template %s: %w", what, n, err)
		}
	}
	return nil
}
