package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a site file: where it is (file, line, column and
// the field path, such as hosts[2].interfaces[0].mac) and what is wrong,
// with what is expected. It reads
//
//	examples/lab.yaml:14:9: hosts[2].interfaces[0].mac: "00:0C:29:8C:82" is not a MAC address; ...
//
// File, Line and Column are empty for a site validated in memory; Column
// is 0 for a YAML syntax error, whose parser reports only the line.
type Error struct {
	File   string
	Line   int
	Column int
	Path   string
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, "%d:", e.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in a site file, sorted by position.
// Parse and Validate return one as their error; errors.As finds it.
type ErrorList []*Error

// Errors returns the problems, in file order.
func (l ErrorList) Errors() []*Error { return l }

// Error lists the problems one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.Is and errors.As each problem.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sortErrors orders errors by line, then column; ties keep the order
// they were found in.
func sortErrors(l ErrorList) {
	slices.SortStableFunc(l, func(a, b *Error) int {
		if c := cmp.Compare(a.Line, b.Line); c != 0 {
			return c
		}
		return cmp.Compare(a.Column, b.Column)
	})
}

// asError returns l as an error, or nil when it is empty.
func (l ErrorList) asError() error {
	if len(l) == 0 {
		return nil
	}
	sortErrors(l)
	return l
}
