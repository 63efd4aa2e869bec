// Package jsonstring reads and writes JSON string literals (RFC 8259
// §7): a SCIM filter's values are JSON's (RFC 7644 §3.4.2.2), the store
// reads the JSON its database writes, and the server and the store write
// strings as encoding/json does, without its reflection (Append); a
// request body is checked to hold characters only (CheckText). Read,
// bytes that are no escape are kept as they are, invalid UTF-8 included
// (a database hands back what was stored); a lone surrogate escape
// becomes U+FFFD, as encoding/json makes it.
package jsonstring

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Reason is why a literal could not be read.
type Reason int

const (
	// Unterminated: no closing double quote.
	Unterminated Reason = iota
	// BadEscape: a backslash followed by a letter JSON has no escape for
	// (Error.Escape).
	BadEscape
	// BadUnicode: \u not followed by four hexadecimal digits.
	BadUnicode
)

// Error is a literal that could not be read: Pos is the position of its
// opening quote (Unterminated) or of the escape's backslash.
type Error struct {
	Pos    int
	Reason Reason
	Escape byte
}

func (e *Error) Error() string {
	switch e.Reason {
	case BadEscape:
		return `invalid escape \` + string(rune(e.Escape)) + ` in a string`
	case BadUnicode:
		return `invalid \u escape`
	}
	return "unterminated string"
}

// Read reads the literal whose opening quote is s[start]; it returns its
// value and its length in bytes, quotes included.
func Read(s string, start int) (string, int, error) {
	// Most values have no escape: the value is then the text itself.
	if j := strings.IndexAny(s[start+1:], `"\`); j >= 0 && s[start+1+j] == '"' {
		return s[start+1 : start+1+j], j + 2, nil
	}
	var b strings.Builder
	for i := start + 1; i < len(s); {
		c := s[i]
		switch c {
		case '"':
			return b.String(), i + 1 - start, nil
		case '\\':
			if i+1 >= len(s) {
				return "", 0, &Error{Pos: start, Reason: Unterminated}
			}
			e := s[i+1]
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, n, ok := decodeU(s[i:])
				if !ok {
					return "", 0, &Error{Pos: i, Reason: BadUnicode}
				}
				b.WriteRune(r)
				i += n
				continue
			default:
				return "", 0, &Error{Pos: i, Reason: BadEscape, Escape: e}
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", 0, &Error{Pos: start, Reason: Unterminated}
}

// decodeU decodes "\uXXXX" (and a following low surrogate "\uXXXX") at the
// start of s. A lone surrogate becomes U+FFFD, as encoding/json does.
func decodeU[T ~string | ~[]byte](s T) (rune, int, bool) {
	r, ok := hex4(s)
	if !ok {
		return 0, 0, false
	}
	if !utf16.IsSurrogate(r) {
		return r, 6, true
	}
	if r2, ok := hex4(s[6:]); ok {
		if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
			return d, 12, true
		}
	}
	return utf8.RuneError, 6, true
}

// hex4 reads "\uXXXX" at the start of s.
func hex4[T ~string | ~[]byte](s T) (rune, bool) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, false
	}
	var r rune
	for i := 2; i < 6; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
