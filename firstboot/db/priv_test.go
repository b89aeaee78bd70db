package db

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePriv(t *testing.T) {
	tests := []struct {
		name string
		priv string
		want authInfo
	}{
		{"native", `{"access":0,"plugin":"mysql_native_password","authentication_string":"*AB"}`, authInfo{hashes: []string{"*AB"}}},
		{"socket or native", `{"access":1,"plugin":"mysql_native_password","authentication_string":"invalid","auth_or":[{},{"plugin":"unix_socket"}]}`,
			authInfo{hashes: []string{"invalid"}, socket: true}},
		{"socket only", `{"plugin":"unix_socket","authentication_string":""}`, authInfo{socket: true}},
		{"empty", `{}`, authInfo{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePriv(tt.priv)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(authInfo{})); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func FuzzParsePriv(f *testing.F) {
	f.Add(`{"plugin":"mysql_native_password","authentication_string":"*AB","auth_or":[{},{"plugin":"unix_socket"}]}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		a, err := parsePriv(s)
		if err != nil {
			return
		}
		for _, h := range a.hashes {
			if h == "" {
				t.Errorf("empty hash kept from %q", s)
			}
		}
	})
}

func TestPasswordStmt(t *testing.T) {
	tests := []struct {
		version string
		socket  bool
		want    string
	}{
		{"5.5.68-MariaDB", false, "SET PASSWORD FOR 'u'@'h' = PASSWORD('******')"},
		{"10.1.20-MariaDB", true, "SET PASSWORD FOR 'u'@'h' = PASSWORD('******')"},
		{"10.3.39-MariaDB", false, "ALTER USER 'u'@'h' IDENTIFIED BY '******'"},
		{"10.11.6-MariaDB", true, "ALTER USER 'u'@'h' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('******')"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			c := NewPlan(tt.version)
			if got := c.passwordStmt("u", "h", "secret", tt.socket).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
