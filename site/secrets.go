package site

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/GehirnInc/crypt"
	_ "github.com/GehirnInc/crypt/sha512_crypt" // registers SHA-512 crypt
	"gopkg.in/yaml.v3"
)

// The names of the site's secrets: the guide's passwords, plus the
// root password's SHA-512 crypt hash that the kickstart's rootpw takes.
const (
	AdminPass       = "ADMIN_PASS"
	DemoPass        = "DEMO_PASS"
	RabbitPass      = "RABBIT_PASS"
	MariaDBRootPass = "MARIADB_ROOT_PASS"
	KeystoneDBPass  = "KEYSTONE_DBPASS"
	GlanceDBPass    = "GLANCE_DBPASS"
	GlancePass      = "GLANCE_PASS"
	NovaDBPass      = "NOVA_DBPASS"
	NovaPass        = "NOVA_PASS"
	PlacementDBPass = "PLACEMENT_DBPASS"
	PlacementPass   = "PLACEMENT_PASS"
	NeutronDBPass   = "NEUTRON_DBPASS"
	NeutronPass     = "NEUTRON_PASS"
	MetadataSecret  = "METADATA_SECRET"
	CinderDBPass    = "CINDER_DBPASS"
	CinderPass      = "CINDER_PASS"
	RootPasswordSHA = "ROOT_PASS_SHA512"
)

// passwords are the generated clear-text secrets, in the guide's order.
var passwords = []string{
	AdminPass, DemoPass, RabbitPass, MariaDBRootPass,
	KeystoneDBPass, GlanceDBPass, GlancePass,
	NovaDBPass, NovaPass, PlacementDBPass, PlacementPass,
	NeutronDBPass, NeutronPass, MetadataSecret,
	CinderDBPass, CinderPass,
}

// roleSecrets lists what each role's configuration files need; a node gets
// the union for its roles and nothing else.
var roleSecrets = map[Role][]string{
	Controller: passwords,
	Network:    {RabbitPass, NeutronPass, MetadataSecret},
	Compute:    {RabbitPass, NovaPass, PlacementPass, NeutronPass},
	Block:      {RabbitPass, CinderDBPass, CinderPass},
}

// ErrInsecureSecrets is returned for a secrets file others can read.
var ErrInsecureSecrets = errors.New("site: secrets file is readable by group or others")

// ErrMissingSecret is returned when a needed secret is absent.
var ErrMissingSecret = errors.New("site: missing secret")

// Secrets maps secret names to values. Its String and GoString never
// show a value, so a secret cannot leak through a log line or %v.
type Secrets map[string]string

// String lists the names only.
func (s Secrets) String() string {
	names := make([]string, 0, len(s))
	for k := range s {
		names = append(names, k)
	}
	slices.Sort(names)
	return "Secrets{" + strings.Join(names, ",") + "}"
}

// GoString is String, for %#v.
func (s Secrets) GoString() string { return s.String() }

// SecretsPath is where the secrets of the site file at sitePath live:
// "lab.yaml" -> "lab.secrets.yaml".
func SecretsPath(sitePath string) string {
	ext := filepath.Ext(sitePath)
	return strings.TrimSuffix(sitePath, ext) + ".secrets" + ext
}

// SecretNames returns every secret a complete site file has.
func SecretNames() []string {
	return append(slices.Clone(passwords), RootPasswordSHA)
}

// ForRoles returns the subset of s that hosts with the given roles need.
// It fails if one of them is missing.
func (s Secrets) ForRoles(roles []Role) (Secrets, error) {
	out := Secrets{}
	for _, r := range roles {
		for _, k := range roleSecrets[r] {
			v, ok := s[k]
			if !ok || v == "" {
				return nil, fmt.Errorf("%w %s: run `rockyiso secrets init` to add it", ErrMissingSecret, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

// Values returns every secret value, for redaction.
func (s Secrets) Values() []string {
	vs := make([]string, 0, len(s))
	for _, v := range s {
		if v != "" {
			vs = append(vs, v)
		}
	}
	return vs
}

// maxSecretsSize bounds a secrets file: a few dozen short lines.
const maxSecretsSize = 64 << 10

// ReadSecrets reads a secrets file, refusing one that group or others can
// read, as ssh refuses such a private key. Its errors name the file and
// the line of a problem, never a value.
func ReadSecrets(path string) (Secrets, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading secrets: %w (run `rockyiso secrets init` to create it)", err)
		}
		return nil, fmt.Errorf("reading secrets: %w", err)
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	if err := checkPrivate(path, f); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretsSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading secrets %s: %w", path, err)
	}
	if len(b) > maxSecretsSize {
		return nil, fmt.Errorf("reading secrets %s: larger than %d bytes; expected a short list of NAME: \"value\" lines", path, maxSecretsSize)
	}
	return parseSecrets(path, b)
}

// checkPrivate refuses anything but a regular file only its owner reads.
func checkPrivate(path string, f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading secrets %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("reading secrets %s: not a regular file", path)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("reading secrets %s: mode %04o: %w; run `chmod 600 %s`",
			path, fi.Mode().Perm(), ErrInsecureSecrets, path)
	}
	return nil
}

var (
	secretNameRe = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)
	// passwordRe is what a password may hold: URL-unreserved characters,
	// safe in transport_url, connection strings, ini files and shell.
	passwordRe = regexp.MustCompile(`^[A-Za-z0-9._~-]{1,128}$`)
	sha512Re   = regexp.MustCompile(`^\$6\$(rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$`)
	yamlLineRe = regexp.MustCompile(`line ([0-9]+)`)
)

// parseSecrets decodes a secrets file: one mapping of NAME: value. The
// YAML library's own messages quote the text they trip over, so none of
// them is passed on: only the line.
func parseSecrets(path string, b []byte) (Secrets, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line := "?"
		if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
			line = m[1]
		}
		return nil, secretsError(path, line, "not valid YAML (truncated or damaged?); expected NAME: \"value\" lines")
	}
	s := Secrets{}
	if len(doc.Content) == 0 {
		return s, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, secretsError(path, strconv.Itoa(root.Line), "expected NAME: \"value\" lines")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if err := s.add(path, root.Content[i], root.Content[i+1]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// add checks and adds one NAME: value entry.
func (s Secrets) add(path string, k, v *yaml.Node) error {
	line := strconv.Itoa(k.Line)
	if k.Kind != yaml.ScalarNode || !secretNameRe.MatchString(k.Value) {
		return secretsError(path, line, "expected a secret name in capitals, such as ADMIN_PASS")
	}
	if _, dup := s[k.Value]; dup {
		return secretsError(path, line, k.Value+" is set twice; expected it once")
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return secretsError(path, line, k.Value+": expected a quoted string value")
	}
	if v.Value != "" && !validSecret(k.Value, v.Value) {
		return secretsError(path, line, k.Value+": "+secretRule(k.Value)+" (the value is not shown)")
	}
	s[k.Value] = v.Value
	return nil
}

func validSecret(name, value string) bool {
	if name == RootPasswordSHA {
		return sha512Re.MatchString(value)
	}
	return passwordRe.MatchString(value)
}

func secretRule(name string) string {
	if name == RootPasswordSHA {
		return "expected a SHA-512 crypt hash ($6$salt$hash), such as `openssl passwd -6` prints"
	}
	return "expected 1 to 128 letters, digits, '.', '_', '~' or '-', which need no quoting in URLs, ini files or shell"
}

func secretsError(path, line, msg string) error {
	return fmt.Errorf("parsing secrets %s:%s: %s", path, line, msg)
}

// InitResult says what InitSecrets did.
type InitResult struct {
	Added []string
	// RootPassword is the clear root password, set only when it was
	// generated by this call, to be shown once to the operator.
	RootPassword string
}

// InitSecrets creates or completes the secrets file at path: every
// existing value is kept, every missing one is generated from crypto/rand.
// The file is written with mode 0600 through a temporary file and rename.
func InitSecrets(path string) (InitResult, error) {
	s, err := ReadSecrets(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s = Secrets{}
	case err != nil:
		return InitResult{}, err
	}
	var res InitResult
	for _, k := range passwords {
		if s[k] == "" {
			v, err := randomPassword(24)
			if err != nil {
				return InitResult{}, err
			}
			s[k] = v
			res.Added = append(res.Added, k)
		}
	}
	if s[RootPasswordSHA] == "" {
		pw, hash, err := rootPassword()
		if err != nil {
			return InitResult{}, err
		}
		s[RootPasswordSHA] = hash
		res.Added = append(res.Added, RootPasswordSHA)
		res.RootPassword = pw
	}
	if len(res.Added) == 0 {
		return res, nil
	}
	return res, writeSecrets(path, s)
}

func rootPassword() (clearText, hash string, err error) {
	clearText, err = randomPassword(20)
	if err != nil {
		return "", "", err
	}
	salt, err := randomPassword(16)
	if err != nil {
		return "", "", err
	}
	hash, err = crypt.SHA512.New().Generate([]byte(clearText), []byte("$6$"+salt))
	if err != nil {
		return "", "", fmt.Errorf("hashing root password: %w", err)
	}
	return clearText, hash, nil
}

// alphabet avoids characters that need quoting in ini files, URLs
// (transport_url, connection strings) and shell.
const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

func randomPassword(n int) (string, error) {
	b := make([]byte, n)
	size := big.NewInt(int64(len(alphabet)))
	for i := range b {
		x, err := rand.Int(rand.Reader, size)
		if err != nil {
			return "", fmt.Errorf("generating a secret: %w", err)
		}
		b[i] = alphabet[x.Int64()]
	}
	return string(b), nil
}

func writeSecrets(path string, s Secrets) error {
	return writePrivate(path, formatSecrets(s))
}

// formatSecrets writes the known names in order, then any others sorted.
func formatSecrets(s Secrets) []byte {
	var b strings.Builder
	b.WriteString("# rockyiso site secrets: keep this file private (mode 0600), never commit it.\n")
	names := SecretNames()
	for _, k := range names {
		if v, ok := s[k]; ok {
			fmt.Fprintf(&b, "%s: %q\n", k, v)
		}
	}
	for _, k := range sortedKeys(s) {
		if !slices.Contains(names, k) {
			fmt.Fprintf(&b, "%s: %q\n", k, s[k])
		}
	}
	return []byte(b.String())
}

func sortedKeys(s Secrets) []string {
	ks := make([]string, 0, len(s))
	for k := range s {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
