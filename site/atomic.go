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
