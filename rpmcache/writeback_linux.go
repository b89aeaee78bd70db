package rpmcache

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback starts writing a range of f to disk and returns at once
// (sync_file_range(2) with SYNC_FILE_RANGE_WRITE only, which neither waits
// nor flushes metadata or the disk's cache: fsync still has to).
func startWriteback(f *os.File, off, n int64) {
	_ = unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE) // a hint; see writeback
}
