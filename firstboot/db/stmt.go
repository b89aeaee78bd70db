package db

import (
	"fmt"
	"regexp"
	"strings"
)

// Stmt is one SQL statement with its ? arguments.
type Stmt struct {
	Query string
	Args  []Arg
}

// Arg is a statement argument; a Secret one prints as ******.
type Arg struct {
	Value  string
	Secret bool
}

// Secret marks v as a secret argument.
func Secret(v string) Arg { return Arg{Value: v, Secret: true} }

// Plain is a non-secret argument.
func Plain(v string) Arg { return Arg{Value: v} }

// String shows the statement with its arguments in place and every
// secret as '******'.
func (s Stmt) String() string {
	var b strings.Builder
	i := 0
	for _, r := range s.Query {
		if r != '?' || i >= len(s.Args) {
			b.WriteRune(r)
			continue
		}
		a := s.Args[i]
		i++
		if a.Secret {
			b.WriteString("'******'")
			continue
		}
		b.WriteString(quote(a.Value))
	}
	return b.String()
}

func (s Stmt) args() []any {
	as := make([]any, len(s.Args))
	for i, a := range s.Args {
		as[i] = a.Value
	}
	return as
}

// quote renders a string literal for display.
func quote(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

var (
	identRE = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	hostRE  = regexp.MustCompile(`^[A-Za-z0-9_.:%-]{1,255}$`)
)

// ident validates a database or user name and returns it backquoted.
func ident(kind, name string) (string, error) {
	if !identRE.MatchString(name) {
		return "", fmt.Errorf("%w: %s %q: use letters, digits and _ only (at most 64)", ErrInvalidName, kind, name)
	}
	return "`" + name + "`", nil
}

func checkUser(user, host string) error {
	if _, err := ident("user", user); err != nil {
		return err
	}
	if !hostRE.MatchString(host) {
		return fmt.Errorf("%w: host %q", ErrInvalidName, host)
	}
	return nil
}

// version is a parsed server version.
type version struct {
	raw          string
	major, minor int
}

func parseVersion(v string) version {
	out := version{raw: v}
	_, _ = fmt.Sscanf(v, "%d.%d", &out.major, &out.minor) // zero on garbage means "oldest"
	return out
}

func (v version) atLeast(major, minor int) bool {
	return v.major > major || (v.major == major && v.minor >= minor)
}
