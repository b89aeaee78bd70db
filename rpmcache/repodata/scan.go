package repodata

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// rpmFile is a package found under the repository directory.
type rpmFile struct {
	path  string // on disk
	href  string // relative to the repository, with slashes
	size  int64
	mtime time.Time
}

// listRPMs finds every *.rpm under dir (not under repodata or the
// temporary directories), in createrepo_c's order: by file name, then
// path.
func listRPMs(dir string) ([]rpmFile, error) {
	var out []rpmFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && isMetadataDir(d.Name()) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".rpm") {
			return nil
		}
		f, err := statRPM(dir, path)
		if err == nil {
			out = append(out, f)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("listing RPMs under %s: %w", dir, err)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := filepath.Base(out[i].href), filepath.Base(out[j].href)
		if a != b {
			return a < b
		}
		return out[i].href < out[j].href
	})
	return out, nil
}

func isMetadataDir(name string) bool {
	return name == "repodata" || name == tmpDir || name == ".repodata.old"
}

func statRPM(dir, path string) (rpmFile, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return rpmFile{}, err
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return rpmFile{}, err
	}
	return rpmFile{path: path, href: filepath.ToSlash(rel), size: fi.Size(), mtime: fi.ModTime()}, nil
}
