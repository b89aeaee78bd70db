package rpmcache

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	var logs, bar bytes.Buffer
	for _, tc := range []struct {
		name string
		p    Progress
		out  *bytes.Buffer
		want []string
	}{
		{"log lines off a terminal", NewProgress(&bytes.Buffer{}, slog.New(slog.NewTextHandler(&logs, nil))), &logs,
			[]string{"msg=downloading packages=2 bytes=3000000", "msg=fetched package=a done=1/2", "package=b done=2/2", "msg=\"downloads finished\" packages=2 bytes=3000000"}},
		{"bar on a terminal", &barProgress{w: &bar}, &bar, []string{"2/2 packages", "100%", "3.0 MB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.Start(3_000_000, 2)
			tc.p.Add(1_000_000)
			tc.p.Done("a")
			tc.p.Add(2_000_000)
			tc.p.Done("b")
			tc.p.Finish()
			for _, w := range tc.want {
				if !strings.Contains(tc.out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, tc.out.String())
				}
			}
		})
	}
}
