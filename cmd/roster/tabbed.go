package main

import (
	"strings"
	"unicode"
)

// tabbed is one output line of fields separated by tabs, the shape of
// every list the CLI prints for scripts. A tab, a line break or another
// control character inside a field (a company named over two lines, a
// label with a tab) becomes a space, so that a line stays one record of
// as many fields as its header says.
func tabbed(fields ...string) string {
	for i, f := range fields {
		fields[i] = strings.Map(controlToSpace, f)
	}
	return strings.Join(fields, "\t")
}

func controlToSpace(r rune) rune {
	if unicode.IsControl(r) {
		return ' '
	}
	return r
}
