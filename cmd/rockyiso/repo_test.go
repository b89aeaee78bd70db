package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/rpmpack"
)

func writeTestRPM(t *testing.T, dir string) {
	t.Helper()
	r, err := rpmpack.NewRPM(rpmpack.RPMMetaData{Name: "hello", Version: "1", Release: "1", Arch: "noarch",
		BuildTime: time.Unix(1500000000, 0)})
	if err != nil {
		t.Fatal(err)
	}
	r.AddFile(rpmpack.RPMFile{Name: "/usr/bin/hello", Body: []byte("#!/bin/sh\n"), Mode: 0o100755})
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hello-1-1.noarch.rpm"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRepoCreate(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		epoch   string
		wantOut string
		wantErr string
	}{
		{"creates", []string{"--workers", "1"}, "1700000000", "1 packages (0 reused), revision 1700000000", ""},
		{"comps", []string{"--groupfile", "comps.xml"}, "1700000000", "1 packages", ""},
		{"missing comps", []string{"--groupfile", "nope.xml"}, "1700000000", "", "opening the group file"},
		{"bad epoch", nil, "yesterday", "", "SOURCE_DATE_EPOCH"},
		{"two dirs", []string{"a", "b"}, "1", "", "want exactly one DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestRPM(t, dir)
			comps := `<comps><group><id>core</id><packagelist><packagereq>hello</packagereq></packagelist></group></comps>`
			if err := os.WriteFile(filepath.Join(dir, "comps.xml"), []byte(comps), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			t.Setenv("SOURCE_DATE_EPOCH", tt.epoch)
			args := append([]string{"rockyiso", "repo", "create"}, tt.args...)
			args = append(args, dir)
			var out, errOut bytes.Buffer
			err := newApp(&out, &errOut).Run(args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Fatalf("output %q lacks %q", out.String(), tt.wantOut)
			}
			if _, err := os.Stat(filepath.Join(dir, "repodata", "repomd.xml")); err != nil {
				t.Fatal(err)
			}
		})
	}
}
