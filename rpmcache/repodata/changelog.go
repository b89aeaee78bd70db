package repodata

import (
	"strings"

	rpmutils "github.com/sassoftware/go-rpmutils"

	"github.com/rockyiso/rockyiso/rpmcache/repomd"
)

// DefaultChangelogLimit is createrepo_c's --changelog-limit default.
const DefaultChangelogLimit = 10

// changelogs returns the newest limit entries (all if limit < 0), oldest
// first, as createrepo_c writes them: trailing spaces of the author go and
// entries that share a time with the next older one are pushed one second
// later so that every date is distinct.
func changelogs(h *rpmHeader, limit int) []repomd.Changelog {
	times, _ := h.GetUint64s(rpmutils.CHANGELOGTIME)
	return changelogEntries(times, strs(h, rpmutils.CHANGELOGNAME), strs(h, rpmutils.CHANGELOGTEXT), limit)
}

// changelogEntries works on the header's parallel arrays, newest first.
func changelogEntries(times []uint64, names, texts []string, limit int) []repomd.Changelog {
	n := min(len(times), len(names), len(texts))
	if limit >= 0 {
		n = min(n, limit)
	}
	if n == 0 {
		return nil
	}
	out := make([]repomd.Changelog, n)
	var last int64
	for i := 0; i < n; i++ {
		t := int64(times[i])
		out[n-1-i] = repomd.Changelog{Author: trimAuthor(utf8From(names[i])), Date: t, Text: utf8From(texts[i])}
		if t == last {
			bumpNewer(out[n-i:], t)
		} else {
			last = t
		}
	}
	return out
}

// bumpNewer walks the already placed (newer) entries from the oldest of
// them and moves the run sharing time t one second on, as createrepo_c.
func bumpNewer(newer []repomd.Changelog, t int64) {
	for i := range newer {
		if newer[i].Date != t {
			return
		}
		newer[i].Date++
		t++
	}
}

// trimAuthor removes trailing spaces but, like createrepo_c, never the
// first character.
func trimAuthor(s string) string {
	if len(s) <= 1 {
		return s
	}
	return s[:1] + strings.TrimRight(s[1:], " ")
}
