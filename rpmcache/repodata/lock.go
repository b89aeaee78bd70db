package repodata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// ErrLocked is returned when another Create works on the same directory.
var ErrLocked = errors.New("repodata: another run is writing this repository")

// lock takes dir/.repodata.lock so that two runs never share
// .repodata.tmp. The kernel drops the lock when a run dies, so a run
// killed mid-way never blocks the next one, which then clears its
// leftovers.
func lock(dir string) (func(), error) {
	path := filepath.Join(dir, ".repodata.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s is locked)", ErrLocked, path)
		}
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return func() { _ = f.Close() }, nil
}
