package site

import (
	"strconv"
	"strings"
)

// cmpPortNum orders port numbers and ranges numerically by their start.
func cmpPortNum(a, b string) int {
	na, _ := strconv.Atoi(strings.SplitN(a, "-", 2)[0])
	nb, _ := strconv.Atoi(strings.SplitN(b, "-", 2)[0])
	if na != nb {
		return na - nb
	}
	return strings.Compare(a, b)
}

func stringsCompare(a, b string) int { return strings.Compare(a, b) }
