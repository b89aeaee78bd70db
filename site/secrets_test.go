package site_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/GehirnInc/crypt"
	"github.com/google/go-cmp/cmp"
	"github.com/rockyiso/rockyiso/site"
)

// initSecrets runs InitSecrets under umask 0, so that a mode of 0600 is
// the writer's doing and not the umask's.
func initSecrets(t *testing.T, path string) site.InitResult {
	t.Helper()
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	res, err := site.InitSecrets(path)
	if err != nil {
		t.Fatalf("InitSecrets: %v", err)
	}
	return res
}

func TestInitSecretsCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lab.secrets.yaml")
	res := initSecrets(t, path)
	if diff := cmp.Diff(site.SecretNames(), res.Added); diff != "" {
		t.Errorf("Added (-want +got):\n%s", diff)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %04o, want 0600", got)
	}
	s, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatalf("ReadSecrets: %v", err)
	}
	for _, k := range site.SecretNames() {
		if s[k] == "" {
			t.Errorf("secret %s is empty", k)
		}
	}
	checkRootPassword(t, path, s, res.RootPassword)
}

// checkRootPassword checks that the file keeps only the hash of the
// clear root password, and that the hash matches it.
func checkRootPassword(t *testing.T, path string, s site.Secrets, clearText string) {
	t.Helper()
	if len(clearText) < 16 {
		t.Fatalf("root password %d characters long, want at least 16", len(clearText))
	}
	hash := s[site.RootPasswordSHA]
	if !strings.HasPrefix(hash, "$6$") {
		t.Errorf("%s is not a SHA-512 crypt hash", site.RootPasswordSHA)
	}
	if err := crypt.SHA512.New().Verify(hash, []byte(clearText)); err != nil {
		t.Errorf("root password does not match its hash: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), clearText) {
		t.Error("the secrets file holds the clear root password")
	}
}

func TestInitSecretsIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lab.secrets.yaml")
	initSecrets(t, path)
	first, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	res := initSecrets(t, path)
	if len(res.Added) != 0 || res.RootPassword != "" {
		t.Errorf("second run added %v (root password shown: %t), want nothing", res.Added, res.RootPassword != "")
	}
	again, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	if !maps(first, again) {
		t.Error("second run changed a value")
	}
}

func TestInitSecretsAddsOnlyMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lab.secrets.yaml")
	initSecrets(t, path)
	first, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]string{}
	var lines []string
	for k, v := range first {
		if k != site.NovaPass && k != site.RootPasswordSHA {
			kept[k] = v
			lines = append(lines, fmt.Sprintf("%s: %q", k, v))
		}
	}
	kept["EXTRA_PASS"] = "kept-as-is"
	lines = append(lines, `EXTRA_PASS: "kept-as-is"`)
	writeFile(t, path, strings.Join(lines, "\n")+"\n", 0o600)
	res := initSecrets(t, path)
	if diff := cmp.Diff([]string{site.NovaPass, site.RootPasswordSHA}, res.Added); diff != "" {
		t.Errorf("Added (-want +got):\n%s", diff)
	}
	if res.RootPassword == "" {
		t.Error("a new root password was not shown")
	}
	after, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range kept {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	if after[site.NovaPass] == "" || after[site.NovaPass] == first[site.NovaPass] {
		t.Errorf("%s was not generated anew", site.NovaPass)
	}
}

func maps(a, b site.Secrets) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func writeFile(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func TestReadSecretsRefusesReadableFile(t *testing.T) {
	for _, mode := range []os.FileMode{0o640, 0o604, 0o644, 0o660, 0o700} {
		t.Run(fmt.Sprintf("%04o", mode), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.yaml")
			writeFile(t, path, "ADMIN_PASS: \"x\"\n", mode)
			_, err := site.ReadSecrets(path)
			if mode&0o077 == 0 {
				if err != nil {
					t.Fatalf("ReadSecrets of a %04o file: %v", mode, err)
				}
				return
			}
			want := fmt.Sprintf("reading secrets %s: mode %04o: %v; run `chmod 600 %s`", path, mode, site.ErrInsecureSecrets, path)
			if !errors.Is(err, site.ErrInsecureSecrets) || err.Error() != want {
				t.Errorf("ReadSecrets error = %v, want %s", err, want)
			}
			if _, err := site.InitSecrets(path); !errors.Is(err, site.ErrInsecureSecrets) {
				t.Errorf("InitSecrets error = %v, want ErrInsecureSecrets", err)
			}
		})
	}
}

func TestReadSecretsMissingFile(t *testing.T) {
	_, err := site.ReadSecrets(filepath.Join(t.TempDir(), "none.yaml"))
	if err == nil || !strings.Contains(err.Error(), "run `rockyiso secrets init`") {
		t.Errorf("error = %v, want a hint to run rockyiso secrets init", err)
	}
}

const goodHash = "$6$abcdefgh$" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./ABCDEFGHIJKLMNOPQRSTUV"

func TestReadSecretsDamaged(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string // after "parsing secrets PATH:"
	}{
		{"truncated quote", "ADMIN_PASS: \"s3cretA\"\nDEMO_PASS: \"s3cre", `2: not valid YAML (truncated or damaged?); expected NAME: "value" lines`},
		{"truncated name", "ADMIN_PASS: \"s3cretA\"\nDEMO_PA", `2: not valid YAML (truncated or damaged?); expected NAME: "value" lines`},
		{"binary garbage", "s3cretA\x00\xff\x01: [", `?: not valid YAML (truncated or damaged?); expected NAME: "value" lines`},
		{"a list", "- s3cretA\n", `1: expected NAME: "value" lines`},
		{"a scalar", "s3cretA\n", `1: expected NAME: "value" lines`},
		{"nested value", "ADMIN_PASS:\n  s3cretA: x\n", `1: ADMIN_PASS: expected a quoted string value`},
		{"lower-case name", "s3cretA: x\n", `1: expected a secret name in capitals, such as ADMIN_PASS`},
		{"set twice", "ADMIN_PASS: s3cretA\nADMIN_PASS: s3cretB\n", `2: ADMIN_PASS is set twice; expected it once`},
		{"unsafe password", "ADMIN_PASS: \"s3cretA@host\"\n", `1: ADMIN_PASS: expected 1 to 128 letters, digits, '.', '_', '~' or '-', which need no quoting in URLs, ini files or shell (the value is not shown)`},
		{"not a hash", "ROOT_PASS_SHA512: s3cretA\n", "1: ROOT_PASS_SHA512: expected a SHA-512 crypt hash ($6$salt$hash), such as `openssl passwd -6` prints (the value is not shown)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.yaml")
			writeFile(t, path, tc.data, 0o600)
			_, err := site.ReadSecrets(path)
			want := "parsing secrets " + path + ":" + tc.want
			if err == nil || err.Error() != want {
				t.Fatalf("error = %v\nwant    %s", err, want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q shows the file's content", err)
			}
		})
	}
}

func TestReadSecretsAcceptsHash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	writeFile(t, path, "ROOT_PASS_SHA512: '"+goodHash+"'\nADMIN_PASS: \"\"\n", 0o600)
	s, err := site.ReadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	if s[site.RootPasswordSHA] != goodHash {
		t.Errorf("hash not read back")
	}
}

func TestForRoles(t *testing.T) {
	all := site.Secrets{}
	for _, k := range site.SecretNames() {
		all[k] = "v-" + k
	}
	got, err := all.ForRoles([]site.Role{site.Compute})
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range got {
			if !yield(k) {
				return
			}
		}
	})
	want := []string{site.NeutronPass, site.NovaPass, site.PlacementPass, site.RabbitPass}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("compute secrets (-want +got):\n%s", diff)
	}
	delete(all, site.NovaPass)
	if _, err := all.ForRoles([]site.Role{site.Compute}); !errors.Is(err, site.ErrMissingSecret) ||
		!strings.Contains(err.Error(), "rockyiso secrets init") {
		t.Errorf("missing secret error = %v", err)
	}
}

func TestSecretsNeverFormatValues(t *testing.T) {
	s := site.Secrets{site.AdminPass: "s3cretA"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(f, s); strings.Contains(out, "s3cret") {
			t.Errorf("Sprintf(%q) = %q shows a value", f, out)
		}
	}
}
