package kickstart

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
)

// unrepeatable are sprig functions that the hermetic map still has but
// whose result changes from run to run (randomness, the clock, fresh keys
// and salts): a kickstart must render the same bytes every time.
var unrepeatable = []string{
	"shuffle", "bcrypt", "htpasswd", "encryptAES", "ago", "derivePassword",
}

// unrepeatablePrefixes catch whole families (randInt, uuidv4, genCA...).
var unrepeatablePrefixes = []string{"rand", "uuid", "gen"}

// funcMap is sprig's hermetic text functions minus anything random, plus
// the kickstart's own: shquote, shprintf, include, fqdn and mediaMount.
func funcMap(t *template.Template) template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for name := range fm {
		if isUnrepeatable(name) {
			delete(fm, name)
		}
	}
	fm["shquote"] = shquote
	fm["shprintf"] = shprintf
	fm["fqdn"] = fqdn
	fm["mediaMount"] = func() string { return NodeMediaMount }
	fm["include"] = func(name string, data any) (string, error) {
		return include(t, name, data)
	}
	return fm
}

func isUnrepeatable(name string) bool {
	for _, p := range unrepeatablePrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, n := range unrepeatable {
		if name == n {
			return true
		}
	}
	return false
}

// shquote quotes v (as fmt.Sprint prints it) as one POSIX shell word:
// single quotes around it, each single quote inside written as '\”.
func shquote(v any) string {
	s := fmt.Sprint(v)
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shprintf turns text into a shell command that prints it line by line,
// every line quoted: printf '%s\n' 'line 1' 'line 2'. Redirect its output
// to write a file from %pre or %post.
func shprintf(text string) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	var b strings.Builder
	b.WriteString(`printf '%s\n'`)
	for _, l := range lines {
		b.WriteString(" \\\n\t")
		b.WriteString(shquote(l))
	}
	return b.String()
}

// include executes the named template into a string, for pipelines such
// as {{ include "unit" . | shprintf }}.
func include(t *template.Template, name string, data any) (string, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("including %s: %w", name, err)
	}
	return b.String(), nil
}
