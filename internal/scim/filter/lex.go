package filter

import (
	"errors"
	"strings"

	"roster/internal/jsonstring"
)

// kind is the kind of a token of a filter or path.
type kind int

const (
	tEOF    kind = iota
	tWord        // attribute path, operator, keyword, number, true/false/null
	tString      // double-quoted string, text holds the decoded value
	tSQuote      // single-quoted string: always an error, kept for a good message
	tLParen
	tRParen
	tLBrack
	tRBrack
)

// token is one lexical element. pos is its byte offset in the input.
type token struct {
	kind kind
	text string
	pos  int
}

// isSpace reports whether c separates tokens. RFC 7644 only has SP, but
// tabs and line breaks cost nothing to accept and come from hand-typed URLs.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// isDelim reports whether c ends a word.
func isDelim(c byte) bool {
	return isSpace(c) || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']'
}

// lex splits s into tokens, decoding string literals. It respects quotes, so
// brackets, parentheses and keywords inside a string are never structure.
// Its errors are *syntaxError.
func lex(s string) ([]token, error) {
	toks := make([]token, 0, 8) // an IdP's filter: attribute, operator, value, end

	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '(':
			toks = append(toks, token{tLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, ")", i})
			i++
		case c == '[':
			toks = append(toks, token{tLBrack, "[", i})
			i++
		case c == ']':
			toks = append(toks, token{tRBrack, "]", i})
			i++
		case c == '"':
			v, n, err := lexString(s, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tString, v, i})
			i += n
		case c == '\'':
			// Scan to the closing quote only to show the client what to write.
			end := strings.IndexByte(s[i+1:], '\'')
			text := s[i+1:]
			if end >= 0 {
				text = s[i+1 : i+1+end]
				toks = append(toks, token{tSQuote, text, i})
				i += end + 2
			} else {
				toks = append(toks, token{tSQuote, text, i})
				i = len(s)
			}
		default:
			j := i
			for j < len(s) && !isDelim(s[j]) {
				j++
			}
			toks = append(toks, token{tWord, s[i:j], i})
			i = j
		}
	}
	toks = append(toks, token{tEOF, "", len(s)})
	return toks, nil
}

// lexString decodes the JSON string literal starting at s[start] (a '"')
// and returns its value and its length in bytes. RFC 7644 §3.4.2.2 takes
// compValue from JSON (RFC 7159), so the escapes are JSON's.
func lexString(s string, start int) (string, int, error) {
	v, n, err := jsonstring.Read(s, start)
	var e *jsonstring.Error
	if !errors.As(err, &e) {
		return v, n, err
	}
	switch e.Reason {
	case jsonstring.BadUnicode:
		return "", 0, &syntaxError{pos: e.Pos, msg: `invalid \u escape: write \u followed by four hexadecimal digits, e.g. \u00e9`}
	case jsonstring.BadEscape:
		return "", 0, &syntaxError{pos: e.Pos, msg: `invalid escape \` + string(rune(e.Escape)) + ` in a string; only \", \\, \/, \b, \f, \n, \r, \t and \uXXXX are allowed`}
	}
	return "", 0, &syntaxError{pos: e.Pos, msg: "the string starting here is not closed with a double quote (\")"}
}

// quote renders v as a string literal for details and for writing a
// parse tree back as text (the tests give it to filter-parser, which knows
// the JSON escapes but only upper-case hex digits in \u and refuses raw
// control characters), so only \" \\ and \u00XX are written.
func quote(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20:
			const hex = "0123456789ABCDEF"
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xF])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
