package repomd_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/dsnet/compress/bzip2"
	"github.com/ulikunitz/xz"
)

func compress(t *testing.T, format string, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch format {
	case "plain":
		return b
	case "gzip":
		return gzipped(t, b)
	case "bzip2":
		w, err := bzip2.NewWriter(&buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, w, b)
	case "xz":
		w, err := xz.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, w, b)
	}
	return buf.Bytes()
}

func mustWrite(t *testing.T, w io.WriteCloser, b []byte) {
	t.Helper()
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
