package filter

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"roster/internal/scim"
)

// syntaxError is a problem at a byte offset of the input. It becomes a
// *scim.Error whose detail quotes the input and counts characters, not
// bytes, so that a person can find the spot.
type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// what names the input in details: "filter" or "path".
type what struct {
	noun     string
	scimType scim.ScimType
}

var (
	inFilter = what{"filter", scim.InvalidFilter}
	inPath   = what{"path", scim.InvalidPath}
)

// excerptRunes bounds how much of a long input a detail quotes.
const excerptRunes = 100

// at renders a syntax error found in input.
func (w what) at(input string, e *syntaxError) *scim.Error {
	return scim.Errorf(w.scimType, "invalid %s %s: %s", w.noun, locate(input, e.pos), e.msg)
}

// errorf is a problem with the input as a whole (not at one spot).
func (w what) errorf(format string, args ...any) *scim.Error {
	return scim.Errorf(w.scimType, format, args...)
}

// locate says where byte offset pos is: `at character 16 of "…"`.
func locate(input string, pos int) string {
	if pos > len(input) {
		pos = len(input)
	}
	n := utf8.RuneCountInString(input)
	c := utf8.RuneCountInString(input[:pos]) + 1
	where := fmt.Sprintf("at character %d of", c)
	if c > n {
		where = "at the end of"
	}
	if n <= excerptRunes {
		return where + " " + strconv.Quote(input)
	}
	// Quote a window around the spot so that a 4 KB filter does not flood
	// the detail.
	runes := []rune(input)
	from, to := c-1-excerptRunes/2, c-1+excerptRunes/2
	if from < 0 {
		from = 0
	}
	if to > n {
		to = n
	}
	s := strconv.Quote(string(runes[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < n {
		s += "…"
	}
	return where + " " + s
}

// show renders a token for a detail.
func show(t token) string {
	switch t.kind {
	case tEOF:
		return "the end"
	case tString:
		return strconv.Quote(t.text)
	case tSQuote:
		return "'" + t.text + "'"
	}
	return strconv.Quote(t.text)
}
