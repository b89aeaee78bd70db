package rpmcache

import "os"

// writeback writes to a partial download and asks the kernel to start
// writing each chunk to disk at once, without waiting for it (see
// startWriteback), so that the disk works while the download goes on and
// the fsync before the rename finds little left to do. The fsync alone
// makes the file durable: a kernel that ignores or refuses the hint only
// makes that fsync slower.
type writeback struct {
	f   *os.File
	off int64 // file offset of the next write
}

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if n > 0 {
		startWriteback(w.f, w.off, int64(n))
		w.off += int64(n)
	}
	return n, err
}
