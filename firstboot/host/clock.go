package host

import "time"

// Clock tells the time and sleeps; tests use a fake that never sleeps.
type Clock interface {
	Now() time.Time
	Sleep(d time.Duration)
}

// System is the machine's clock.
type System struct{}

// Now implements Clock.
func (System) Now() time.Time { return time.Now() }

// Sleep implements Clock.
func (System) Sleep(d time.Duration) { time.Sleep(d) }

// FakeClock starts at a fixed time and advances only when slept.
type FakeClock struct{ T time.Time }

// Now implements Clock.
func (c *FakeClock) Now() time.Time { return c.T }

// Sleep implements Clock.
func (c *FakeClock) Sleep(d time.Duration) { c.T = c.T.Add(d) }
