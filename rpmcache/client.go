package rpmcache

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// NewClient returns the HTTP client a Fetcher uses by default: one
// keep-alive connection pool sized for the workers, bounded connect, TLS
// and response-header timeouts, no transparent decompression (packages are
// fetched byte for byte, with ranges), and file:// URLs served from disk.
func NewClient(workers int) *http.Client {
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          4 * workers,
		MaxIdleConnsPerHost:   2 * workers,
		DisableCompression:    true,
		ForceAttemptHTTP2:     true,
	}
	// file:// URLs come from the operator's sources file, and the hrefs
	// joined to them are checked by repomd.SafeHref.
	t.RegisterProtocol("file", http.NewFileTransport(http.Dir("/"))) //nolint:gosec // see above
	return &http.Client{Transport: t}
}

// errStalled reports a response body that delivered nothing for too long.
var errStalled = errors.New("download stalled")

// stallReader cancels its request when no byte arrives for a while, and
// counts what it reads.
type stallReader struct {
	r      io.Reader
	timer  *time.Timer
	cancel context.CancelCauseFunc
	d      time.Duration
	add    func(int64)
}

// watch returns a context that is cancelled with errStalled when the
// returned reader sees no data for d, and the reader itself.
func watch(ctx context.Context, d time.Duration, add func(int64)) (context.Context, func(io.Reader) *stallReader, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	var once sync.Once
	t := time.AfterFunc(d, func() { cancel(errStalled) })
	stop := func() { once.Do(func() { t.Stop(); cancel(nil) }) }
	mk := func(r io.Reader) *stallReader { return &stallReader{r: r, timer: t, cancel: cancel, d: d, add: add} }
	return ctx, mk, stop
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.timer.Reset(s.d)
		s.add(int64(n))
	}
	return n, err
}
