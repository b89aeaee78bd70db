// Package rpmver compares RPM versions the way rpm 4.11 (CentOS 7) does:
// rpmvercmp for version strings (lib/rpmvercmp.c, including the tilde
// that sorts before everything), [epoch:]version-release parsing
// (parseEVR in lib/rpmds.c), package ordering (rpmVersionCompare) and
// dependency range overlap with the flags EQ, LT, LE, GT, GE
// (rpmdsCompare), where a range without a release matches every release
// and a missing epoch is epoch 0.
//
// It is pure: no I/O, no allocation in Vercmp.
package rpmver

// isDigit, isAlpha and isAlnum are rpm's ASCII-only risdigit, risalpha
// and risalnum: any other byte (including UTF-8) is a separator.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// Vercmp compares two version (or release) strings as rpmvercmp does and
// returns -1, 0 or 1. Segments are maximal runs of digits or of letters;
// digits compare numerically and beat letters; "~" sorts before anything,
// even the end of the string; other characters only separate segments.
func Vercmp(a, b string) int {
	if a == b {
		return 0
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		i, j = skipSeparators(a, i), skipSeparators(b, j)
		ta, tb := i < len(a) && a[i] == '~', j < len(b) && b[j] == '~'
		if ta || tb {
			if !ta {
				return 1
			}
			if !tb {
				return -1
			}
			i, j = i+1, j+1
			continue
		}
		if i >= len(a) || j >= len(b) {
			break
		}
		if c := segment(a, b, &i, &j); c != 0 {
			return c
		}
	}
	return tail(len(a)-i, len(b)-j)
}

func skipSeparators(s string, i int) int {
	for i < len(s) && !isAlnum(s[i]) && s[i] != '~' {
		i++
	}
	return i
}

// segment compares the next segment of a and b, advancing past them.
func segment(a, b string, i, j *int) int {
	num := isDigit(a[*i])
	class := isAlpha
	if num {
		class = isDigit
	}
	ea, eb := run(a, *i, class), run(b, *j, class)
	if eb == *j {
		// b's segment is of the other kind: numbers beat letters.
		if num {
			return 1
		}
		return -1
	}
	sa, sb := a[*i:ea], b[*j:eb]
	*i, *j = ea, eb
	if num {
		sa, sb = trimZeros(sa), trimZeros(sb)
		if len(sa) != len(sb) {
			return sign(len(sa) - len(sb))
		}
	}
	switch {
	case sa < sb:
		return -1
	case sa > sb:
		return 1
	}
	return 0
}

func run(s string, i int, class func(byte) bool) int {
	for i < len(s) && class(s[i]) {
		i++
	}
	return i
}

func trimZeros(s string) string {
	for len(s) > 0 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

// tail decides once either side ran out: the one with something left
// (a segment, not just separators, which were skipped) is newer.
func tail(restA, restB int) int {
	switch {
	case restA == 0 && restB == 0:
		return 0
	case restA == 0:
		return -1
	}
	return 1
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
