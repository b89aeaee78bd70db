package kickstart

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/rockyiso/rockyiso/internal/fixture"
)

func TestFuncMapIsRepeatable(t *testing.T) {
	fm := funcMap(nil)
	for _, name := range []string{"randAlpha", "randInt", "shuffle", "uuidv4", "genPrivateKey", "genCA",
		"bcrypt", "htpasswd", "encryptAES", "now", "date", "ago", "env", "expandenv", "getHostByName"} {
		t.Run(name, func(t *testing.T) {
			if _, ok := fm[name]; ok {
				t.Errorf("func map has %s, whose result changes between runs", name)
			}
		})
	}
	for _, name := range []string{"join", "upper", "lower", "dir", "shquote", "shprintf", "include"} {
		if _, ok := fm[name]; !ok {
			t.Errorf("func map lacks %s", name)
		}
	}
}

// shellWords are values the shell must get back unchanged.
var shellWords = []string{"", "plain", "two words", "it's", "'", "''", `a\b`, "$HOME", "`id`", "$(id)",
	"a;b&c|d", "*", "~root", "line\nbreak", "tab\there", `"dq"`, "!bang", "-n", "ünï"}

func TestShquoteRoundTrip(t *testing.T) {
	sh := fixture.Tool(t, "sh")
	for _, w := range shellWords {
		t.Run(w, func(t *testing.T) {
			if got := shellEcho(t, sh, shquote(w)); got != w {
				t.Errorf("sh read %s as %q, want %q", shquote(w), got, w)
			}
		})
	}
}

func shellEcho(t *testing.T, sh, words string) string {
	t.Helper()
	out, err := exec.Command(sh, "-c", "printf '%s' "+words).Output()
	if err != nil {
		t.Fatalf("sh -c printf %s: %v", words, err)
	}
	return string(out)
}

func TestShprintf(t *testing.T) {
	sh := fixture.Tool(t, "sh")
	for _, text := range []string{"one", "a\nb'c\n$x\n", "\n", "[Unit]\n\nDescription=x y\n"} {
		t.Run(text, func(t *testing.T) {
			out, err := exec.Command(sh, "-c", shprintf(text)).Output()
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(text, "\n") + "\n"
			if string(out) != want {
				t.Errorf("shprintf(%q) printed %q, want %q", text, out, want)
			}
		})
	}
}

// FuzzShquote checks that shquote's output is one single-quoted word
// whose only way out of the quotes is the '\” escape.
func FuzzShquote(f *testing.F) {
	for _, w := range shellWords {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := shquote(s)
		if !strings.HasPrefix(q, "'") || !strings.HasSuffix(q, "'") || len(q) < 2 {
			t.Fatalf("shquote(%q) = %q is not single-quoted", s, q)
		}
		inner := strings.ReplaceAll(q[1:len(q)-1], `'\''`, "")
		if strings.Contains(inner, "'") {
			t.Fatalf("shquote(%q) = %q has a bare quote", s, q)
		}
		if back := strings.ReplaceAll(q[1:len(q)-1], `'\''`, "'"); back != s {
			t.Fatalf("shquote(%q) = %q decodes to %q", s, q, back)
		}
	})
}
