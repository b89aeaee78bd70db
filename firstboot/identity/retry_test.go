package identity

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gophercloud/gophercloud/v2"
)

func TestRetry(t *testing.T) {
	tests := []struct {
		name  string
		codes []int // status of each try; 0 succeeds
		tries int
		fails bool
	}{
		{"ok", []int{0}, 1, false},
		{"deadlock then ok", []int{500, 503, 0}, 3, false},
		{"gives up", []int{500, 500, 500, 0}, 3, true},
		{"conflict is final", []int{409, 0}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tries := 0
			err := retry(context.Background(), func() error {
				code := tt.codes[tries]
				tries++
				if code == 0 {
					return nil
				}
				return gophercloud.ErrUnexpectedResponseCode{Actual: code}
			})
			if tries != tt.tries || (err != nil) != tt.fails {
				t.Errorf("tries %d err %v, want %d tries, failure %v", tries, err, tt.tries, tt.fails)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	inner := errors.New(`creating user glance: Invalid input: the value is "glance-pw"`)
	err := redact(inner, State{Users: []User{{Name: "glance", Password: "glance-pw"}}})
	if strings.Contains(err.Error(), "glance-pw") || !errors.Is(err, inner) {
		t.Errorf("err = %v, want the password hidden and the chain kept", err)
	}
	if redact(nil, State{}) != nil {
		t.Error("redact(nil) is not nil")
	}
}
