package bulk

// A JSON scanner that checks the syntax encoding/json checks, in one pass
// over the bytes, and hands back where each value is. What it reads is
// then the envelope's (envelope.go); a value's bytes are read only where
// the envelope keeps them.

// maxDepth is encoding/json's limit of nested arrays and objects: a
// document nested deeper is refused.
const maxDepth = 10000

// scanner reads b from i.
type scanner struct {
	b     []byte
	i     int
	depth int
}

// stringByte classifies a byte inside a JSON string: 0 a plain ASCII
// byte, 1 the end or an escape ('"', '\\') or a byte JSON does not allow
// there (a control character), 2 a byte of a multi-byte character.
var stringByte = func() (t [256]uint8) {
	for c := range 0x20 {
		t[c] = 1
	}
	t['"'], t['\\'] = 1, 1
	for c := 0x80; c < 0x100; c++ {
		t[c] = 2
	}
	return t
}()

// space skips JSON's whitespace.
func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek is the next byte after whitespace, 0 at the end.
func (s *scanner) peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// take consumes c, the next byte after whitespace, and reports whether
// it was there.
func (s *scanner) take(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// str reads a string starting at the next byte (after whitespace): the
// bytes between its quotes, and whether they are its value as they are
// (no escape, ASCII only). ok is false where there is no valid string.
func (s *scanner) str() (text []byte, plain, ok bool) {
	if !s.take('"') {
		return nil, false, false
	}
	start := s.i
	plain = true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch stringByte[c] {
		case 0:
			s.i++
			continue
		case 2:
			plain = false
			s.i++
			continue
		}
		switch c {
		case '"':
			text = s.b[start:s.i]
			s.i++
			return text, plain, true
		case '\\':
			plain = false
			if !s.escape() {
				return nil, false, false
			}
		default:
			return nil, false, false // a control character
		}
	}
	return nil, false, false
}

// escape reads an escape at s.i ('\\' and what follows).
func (s *scanner) escape() bool {
	if s.i+1 >= len(s.b) {
		return false
	}
	switch s.b[s.i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i += 2
		return true
	case 'u':
		if s.i+6 > len(s.b) {
			return false
		}
		for _, h := range s.b[s.i+2 : s.i+6] {
			if !isHex(h) {
				return false
			}
		}
		s.i += 6
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digits skips digits and reports whether there was one.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && isDigit(s.b[s.i]) {
		s.i++
	}
	return s.i > start
}

// number reads a number at s.i: -? (0 | [1-9][0-9]*) (.[0-9]+)?
// ([eE][+-]?[0-9]+)?
func (s *scanner) number() bool {
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case !s.digits():
		return false
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if !s.digits() {
			return false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

// literal reads word (true, false, null) at s.i.
func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// value reads any value starting at the next byte and returns its bytes.
func (s *scanner) value() ([]byte, bool) {
	c := s.peek()
	start := s.i
	ok := false
	switch {
	case c == '"':
		_, _, ok = s.str()
	case c == '{':
		ok = s.object(func(key []byte, plain bool) bool {
			_, ok := s.value()
			return ok
		})
	case c == '[':
		ok = s.array(func() bool {
			_, ok := s.value()
			return ok
		})
	case c == '-' || isDigit(c):
		ok = s.number()
	case c == 't':
		ok = s.literal("true")
	case c == 'f':
		ok = s.literal("false")
	case c == 'n':
		ok = s.literal("null")
	}
	return s.b[start:s.i], ok
}

// container reads an array or object, opened by open and closed by
// close, starting at the next byte (within maxDepth), calling item for
// each of its items, which item reads.
func (s *scanner) container(open, close byte, item func() bool) bool {
	if s.peek() != open {
		return false
	}
	s.i++
	s.depth++
	if s.depth > maxDepth {
		return false
	}
	if s.take(close) {
		s.depth--
		return true
	}
	for {
		if !item() {
			return false
		}
		if s.take(close) {
			s.depth--
			return true
		}
		if !s.take(',') {
			return false
		}
	}
}

// object reads an object starting at the next byte, calling member for
// each member with the scanner at its value (after the colon), which
// member reads.
func (s *scanner) object(member func(key []byte, plain bool) bool) bool {
	return s.container('{', '}', func() bool {
		key, plain, ok := s.str()
		return ok && s.take(':') && member(key, plain)
	})
}

// array reads an array starting at the next byte, calling element with
// the scanner at each element, which element reads.
func (s *scanner) array(element func() bool) bool {
	return s.container('[', ']', element)
}

// end reports whether nothing but whitespace is left.
func (s *scanner) end() bool {
	s.space()
	return s.i == len(s.b)
}
