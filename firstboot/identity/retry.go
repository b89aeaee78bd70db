package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// attempts bounds the tries of one request that Keystone fails with a
// 5xx (such as a database deadlock between parallel creations).
const attempts = 3

// retry runs f until it succeeds, fails with anything but a 5xx, or has
// been tried attempts times.
func retry(ctx context.Context, f func() error) error {
	delay := 200 * time.Millisecond
	for try := 1; ; try++ {
		err := f()
		if err == nil || try == attempts || !serverError(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
		delay *= 2
	}
}

func serverError(err error) bool {
	var code gophercloud.ErrUnexpectedResponseCode
	return errors.As(err, &code) && code.Actual >= 500
}

// redactedError hides secrets from an error's message (Keystone's error
// bodies may quote a request), keeping the error chain.
type redactedError struct {
	err     error
	secrets []string
}

func (r redactedError) Error() string {
	s := r.err.Error()
	for _, v := range r.secrets {
		if v != "" {
			s = strings.ReplaceAll(s, v, "******")
		}
	}
	return s
}

func (r redactedError) Unwrap() error { return r.err }

// redact wraps err so that no password of st shows in its message.
func redact(err error, st State) error {
	if err == nil {
		return nil
	}
	pws := make([]string, 0, len(st.Users))
	for _, u := range st.Users {
		pws = append(pws, u.Password)
	}
	return redactedError{err: err, secrets: pws}
}
