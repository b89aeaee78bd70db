package site

import (
	"fmt"
	"os"

	"github.com/google/renameio/v2"
)

// WriteFileAtomic writes data to path through a temporary file in the same
// directory, fsync and rename, so a reader never sees a half-written file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	if err := renameio.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// writePrivate writes data atomically with mode 0600 whatever the umask
// or the mode of a file it replaces: the secrets file's mode.
func writePrivate(path string, data []byte) error {
	f, err := renameio.NewPendingFile(path, renameio.WithPermissions(0o600), renameio.IgnoreUmask())
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer f.Cleanup() //nolint:errcheck // a no-op once the file is in place
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
