package rpmcache

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Progress receives download progress. Implementations must be safe for
// concurrent use.
type Progress interface {
	Start(totalBytes int64, packages int) // before the first download
	Add(bytes int64)                      // bytes received
	Done(pkg string)                      // one package verified and cached
	Finish()                              // after the last download
}

type nopProgress struct{}

func (nopProgress) Start(int64, int) {}
func (nopProgress) Add(int64)        {}
func (nopProgress) Done(string)      {}
func (nopProgress) Finish()          {}

// NewProgress returns a progress bar (bytes, rate, ETA, packages done) on w
// when w is a terminal, and otherwise one log line per package.
func NewProgress(w io.Writer, log *slog.Logger) Progress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &barProgress{w: w}
	}
	return &logProgress{log: log}
}

// logProgress logs each package as it completes.
type logProgress struct {
	log         *slog.Logger
	mu          sync.Mutex
	done, total int
	bytes       int64
	start       time.Time
}

func (p *logProgress) Start(total int64, n int) {
	p.total, p.start = n, time.Now()
	p.log.Info("downloading", "packages", n, "bytes", total)
}

func (p *logProgress) Add(n int64) {
	p.mu.Lock()
	p.bytes += n
	p.mu.Unlock()
}

func (p *logProgress) Done(pkg string) {
	p.mu.Lock()
	p.done++
	d := p.done
	p.mu.Unlock()
	p.log.Info("fetched", "package", pkg, "done", fmt.Sprintf("%d/%d", d, p.total))
}

func (p *logProgress) Finish() {
	p.log.Info("downloads finished", "packages", p.done, "bytes", p.bytes, "elapsed", time.Since(p.start).Round(time.Millisecond))
}

// barProgress draws a progressbar/v3 bar.
type barProgress struct {
	w           io.Writer
	bar         *progressbar.ProgressBar
	mu          sync.Mutex
	done, total int
}

func (p *barProgress) Start(total int64, n int) {
	p.total = n
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionFullWidth(),
		progressbar.OptionSetDescription(p.describe()),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }),
	)
}

func (p *barProgress) describe() string { return fmt.Sprintf("%d/%d packages", p.done, p.total) }

func (p *barProgress) Add(n int64) { _ = p.bar.Add64(n) }

func (p *barProgress) Done(string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.bar.Describe(p.describe())
}

func (p *barProgress) Finish() { _ = p.bar.Finish() }
