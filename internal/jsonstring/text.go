package jsonstring

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// A JSON text exchanged between systems is UTF-8 (RFC 8259 §8.1), and
// its strings hold Unicode characters (§8.2). encoding/json reads a byte
// that is no UTF-8, and the escape of a lone UTF-16 surrogate, as U+FFFD
// without a word: a client's name would be stored with a character it
// never sent. CheckText finds them first, so that the client can be told.

// TextError is where a JSON text breaks those rules.
type TextError struct {
	// Offset is the byte offset of the invalid byte, or of the lone
	// surrogate's backslash.
	Offset int
	// Byte is the invalid byte; 0 for a lone surrogate.
	Byte byte
	// Surrogate is the lone surrogate's escape ("\ud800"), if that is
	// the fault.
	Surrogate string
}

func (e *TextError) Error() string {
	if e.Surrogate != "" {
		return fmt.Sprintf(`the escape %s at byte %d is half of a UTF-16 surrogate pair without its other half, which stands for no character (RFC 8259 §8.2); send the character itself, or both halves of its pair`, e.Surrogate, e.Offset)
	}
	return fmt.Sprintf(`the byte 0x%02X at offset %d is not UTF-8; JSON must be sent in UTF-8 (RFC 8259 §8.1), whatever the Content-Type's charset says`, e.Byte, e.Offset)
}

// CheckText returns where text is not UTF-8 or a string of it escapes a
// lone surrogate, or nil. It reads text as JSON only as far as telling
// strings apart; text that is no JSON is left for the parser to refuse.
func CheckText(text []byte) *TextError {
	if !utf8.Valid(text) {
		at := firstInvalid(text)
		return &TextError{Offset: at, Byte: text[at]}
	}
	if !bytes.Contains(text, []byte(`\u`)) {
		return nil // no escape of any code point, nor a malformed one
	}
	return loneSurrogate(text)
}

// firstInvalid is the offset of text's first byte that begins no UTF-8
// character; text is known not to be valid.
func firstInvalid(text []byte) int {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(text) - 1
}

// loneSurrogate finds, in text's strings, the first \u escape of a
// surrogate that is not the high half followed at once by the escape of
// a low half.
func loneSurrogate(text []byte) *TextError {
	inString := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"':
			inString = !inString
		case c != '\\' || !inString:
		case i+1 < len(text) && text[i+1] == 'u':
			r, size, ok := decodeU(text[i:])
			if !ok {
				i++ // a malformed escape, the parser's to refuse
				continue
			}
			if half, _ := hex4(text[i:]); r == utf8.RuneError && utf16.IsSurrogate(half) {
				return &TextError{Offset: i, Surrogate: string(text[i : i+6])}
			}
			i += size - 1
		default:
			i++ // the escaped character, a quote or a backslash among them
		}
	}
	return nil
}
