package repomd

import (
	"errors"
	"fmt"
	"strings"
)

// SafeHref checks that a location href stays inside the repository: it
// must be relative, name no URL scheme, contain no ".." component, no
// backslash and no NUL. The mirror joins such hrefs to its root without
// further checks.
func SafeHref(href string) error {
	switch {
	case href == "":
		return errors.New("empty location href")
	case strings.HasPrefix(href, "/"):
		return fmt.Errorf("location href %q is absolute", href)
	case hasScheme(href):
		return fmt.Errorf("location href %q names a URL scheme", href)
	case strings.ContainsAny(href, "\\\x00"):
		return fmt.Errorf("location href %q contains a backslash or NUL", href)
	}
	for _, part := range strings.Split(href, "/") {
		if part == ".." {
			return fmt.Errorf("location href %q escapes the repository (a .. component)", href)
		}
	}
	return nil
}

// hasScheme reports whether href starts with "scheme:" (RFC 3986), as in
// http:, file: or a Windows drive letter.
func hasScheme(href string) bool {
	i := strings.IndexByte(href, ':')
	if i <= 0 {
		return false
	}
	for j, c := range href[:i] {
		alpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		other := c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
		if !alpha && (j == 0 || !other) {
			return false
		}
	}
	return true
}
