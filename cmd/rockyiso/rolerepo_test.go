package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rockyiso/rockyiso/internal/isotest"
	"github.com/rockyiso/rockyiso/layouts/iso"
)

// TestReadBaseRepo reads the repo at an image's root straight from the
// image, and finds none on an image without repodata.
func TestReadBaseRepo(t *testing.T) {
	repo := filepath.Join(t.TempDir(), "repo")
	isotest.RPM(t, filepath.Join(repo, "Packages"), "centos-base")
	isotest.RoleRepo(t, repo)
	files, err := treeFiles(repo, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		files[i].Path = strings.TrimPrefix(files[i].Path, "/")
	}
	tests := []struct {
		name  string
		files []iso.File
		want  int
	}{
		{"repo", files, 1},
		{"boot-iso", nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := filepath.Join(t.TempDir(), "base.iso")
			err := iso.BuildOEMDRV(context.Background(), iso.OEMDRVOptions{Out: img, Kickstart: []byte("#\n"), Files: tt.files, Now: time.Unix(1700000000, 0)})
			if err != nil {
				t.Fatal(err)
			}
			r, err := readBaseRepo(img)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want < 0 && r != nil:
				t.Errorf("found a repo of %d packages on an image without repodata", len(r.Meta.Packages))
			case tt.want >= 0 && (r == nil || len(r.Meta.Packages) != tt.want):
				t.Errorf("read repo %+v, want %d packages", r, tt.want)
			}
		})
	}
}
