package repodata

import (
	"bytes"
	"compress/bzip2"
	"io"
	"math/rand"
	"os/exec"
	"testing"
)

// TestParallelBzip2 checks the spliced streams with Go's reader and with
// the bzip2 tool when it is installed, on data that stresses the block
// boundaries (runs that RLE1 expands, random bytes, text).
func TestParallelBzip2(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	random := make([]byte, 350000)
	rng.Read(random)
	runs := bytes.Repeat([]byte{1, 1, 1, 1, 2}, 90000)
	text := bytes.Repeat([]byte("<rpm:entry name=\"libc.so.6()(64bit)\"/>\n"), 20000)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil}, {"small", []byte("hello")}, {"random", random}, {"rle1 runs", runs}, {"text", text},
	}
	for _, tt := range tests {
		for _, level := range []int{1, 5} {
			t.Run(tt.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := parallelBzip2(&buf, tt.data, level, 3); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(bzip2.NewReader(bytes.NewReader(buf.Bytes())))
				if err != nil {
					t.Fatalf("Go's bzip2 reader: %v", err)
				}
				if !bytes.Equal(got, tt.data) {
					t.Fatalf("round trip changed %d bytes into %d", len(tt.data), len(got))
				}
				checkWithTool(t, buf.Bytes(), tt.data)
			})
		}
	}
}

func checkWithTool(t *testing.T, compressed, want []byte) {
	t.Helper()
	bin, err := exec.LookPath("bzip2")
	if err != nil {
		return
	}
	cmd := exec.Command(bin, "-dc")
	cmd.Stdin = bytes.NewReader(compressed)
	got, err := cmd.Output()
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("bzip2 -d: %v (%d bytes back, want %d)", err, len(got), len(want))
	}
}
