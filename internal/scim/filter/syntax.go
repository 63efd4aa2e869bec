package filter

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits against abuse: the parser and the checker are recursive, and the
// store turns each comparison into SQL, so size and depth are bounded
// while the tree is built.
const (
	// MaxLength is the longest filter or path accepted, in bytes.
	MaxLength = 4096
	// MaxDepth bounds the nesting of parentheses, "not" and brackets.
	MaxDepth = 50
	// MaxComparisons bounds the comparisons in one filter; IdPs send one
	// or two, and each becomes a SQL condition (SQLite caps expression
	// depth at 1000).
	MaxComparisons = 100
)

// syntax parses the token stream of a filter by RFC 7644's grammar into
// its parse tree (tree.go), reporting the first problem with its position
// and what was expected. Entra's attr[filter].sub op value becomes
// attr[(filter) and sub op value].
type syntax struct {
	src      string
	toks     []token
	i        int
	depth    int
	closers  []string // what closes each open "(" and "[", innermost last
	compares int
}

// parseTree parses a whole filter (src as prepare returns it).
func parseTree(src string) (node, *syntaxError) {
	toks, err := lex(src)
	if err != nil {
		return nil, err.(*syntaxError)
	}
	s := &syntax{src: src, toks: toks}
	n, err := s.filter()
	if err != nil {
		return nil, err.(*syntaxError)
	}
	return n, nil
}

func (s *syntax) peek() token { return s.toks[s.i] }

func (s *syntax) next() token {
	t := s.toks[s.i]
	if t.kind != tEOF {
		s.i++
	}
	return t
}

// prev is the token before the current one (EOF-kind when none).
func (s *syntax) prev() token {
	if s.i == 0 {
		return token{kind: tEOF}
	}
	return s.toks[s.i-1]
}

func (s *syntax) errAt(t token, format string, args ...any) error {
	return &syntaxError{pos: t.pos, msg: fmt.Sprintf(format, args...)}
}

func isKeyword(t token, kw string) bool { return t.kind == tWord && strings.EqualFold(t.text, kw) }

// filter is FILTER EOF.
func (s *syntax) filter() (node, error) {
	x, err := s.or(false)
	if err != nil {
		return nil, err
	}
	if t := s.peek(); t.kind != tEOF {
		return nil, s.unexpected(t)
	}
	return x, nil
}

// or is and-expressions joined by "or": "and" binds tighter (RFC 7644
// §3.4.2.2, Table 5: not, then and, then or).
func (s *syntax) or(inBracket bool) (node, error) {
	x, err := s.and(inBracket)
	if err != nil {
		return nil, err
	}
	for isKeyword(s.peek(), "or") {
		s.next()
		y, err := s.and(inBracket)
		if err != nil {
			return nil, err
		}
		x = orNode{x, y}
	}
	return x, nil
}

func (s *syntax) and(inBracket bool) (node, error) {
	x, err := s.unary(inBracket)
	if err != nil {
		return nil, err
	}
	for isKeyword(s.peek(), "and") {
		s.next()
		y, err := s.unary(inBracket)
		if err != nil {
			return nil, err
		}
		x = andNode{x, y}
	}
	return x, nil
}

func (s *syntax) enter(t token) error {
	s.depth++
	if s.depth > MaxDepth {
		return s.errAt(t, "parentheses, \"not\" and brackets are nested more than %d levels deep", MaxDepth)
	}
	return nil
}

// unary is "not" "(" FILTER ")", "(" FILTER ")" or an attribute expression.
func (s *syntax) unary(inBracket bool) (node, error) {
	t := s.peek()
	switch {
	case t.kind == tLParen:
		s.next()
		x, err := s.group(t, inBracket)
		if err != nil {
			return nil, err
		}
		return groupNode{x}, nil
	case isKeyword(t, "not"):
		s.next()
		p := s.peek()
		if p.kind != tLParen {
			return nil, s.errAt(p, `"not" must be followed by a filter in parentheses, e.g. not (title pr)`)
		}
		s.next()
		x, err := s.group(p, inBracket)
		if err != nil {
			return nil, err
		}
		return notNode{x}, nil
	case t.kind == tWord && !isKeyword(t, "and") && !isKeyword(t, "or"):
		return s.attrExp(inBracket)
	}
	return nil, s.expectedExpression(t)
}

// group is the rest of a parenthesised filter after open.
func (s *syntax) group(open token, inBracket bool) (node, error) {
	if err := s.enter(open); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, `")"`)
	x, err := s.or(inBracket)
	if err != nil {
		return nil, err
	}
	if t := s.peek(); t.kind != tRParen {
		if t.kind == tEOF || (inBracket && t.kind == tRBrack) {
			return nil, s.errAt(t, `missing ")" to close the "(" at character %d`, charAt(s, open))
		}
		return nil, s.unexpected(t)
	}
	s.next()
	s.depth--
	s.closers = s.closers[:len(s.closers)-1]
	return x, nil
}

// expectedExpression explains why t cannot start an expression.
func (s *syntax) expectedExpression(t token) error {
	after := ""
	if p := s.prev(); p.kind != tEOF {
		after = " after " + show(p)
	}
	switch t.kind {
	case tEOF:
		return s.errAt(t, "expected an expression%s", after)
	case tSQuote:
		return s.singleQuoted(t)
	case tString:
		return s.errAt(t, "expected an attribute name%s, got the value %s; write attribute, operator, value, e.g. userName eq %s", after, show(t), quote(t.text))
	}
	return s.errAt(t, "expected an expression%s, got %s", after, show(t))
}

func (s *syntax) singleQuoted(t token) error {
	return s.errAt(t, "strings must be in double quotes: write %s, not '%s'", quote(t.text), t.text)
}

// unexpected explains a token found where an expression could have ended.
func (s *syntax) unexpected(t token) error {
	want := `"and", "or"`
	if n := len(s.closers); n > 0 {
		want += " or " + s.closers[n-1]
	} else {
		want += " or the end of the filter"
	}
	switch t.kind {
	case tRParen:
		return s.errAt(t, `unbalanced ")": there is no "(" to close`)
	case tRBrack:
		return s.errAt(t, `unbalanced "]": there is no "[" to close`)
	case tEOF:
		return s.errAt(t, `missing "]" to close the "["`)
	case tSQuote:
		return s.singleQuoted(t)
	}
	if p := s.prev(); isKeyword(p, "pr") && (t.kind == tString || t.kind == tWord) {
		return s.errAt(t, `"pr" (present) takes no value; remove %s`, show(t))
	}
	return s.errAt(t, "unexpected %s after a complete expression; expected %s (combine expressions with \"and\" or \"or\"; quote values that contain spaces)", show(t), want)
}

// attrExp is attrPath op value, attrPath "pr", a value path
// attrPath "[" valFilter "]", or Entra's attrPath "[" valFilter "]" "." sub
// op value, rebuilt as attrPath "[" "(" valFilter ")" and sub op value "]".
func (s *syntax) attrExp(inBracket bool) (node, error) {
	pt := s.next()
	if err := s.checkPathWord(pt, inBracket); err != nil {
		return nil, err
	}
	if s.peek().kind != tLBrack {
		return s.opValue(pt.text, pt.text)
	}
	open := s.next()
	if inBracket {
		return nil, s.errAt(open, "brackets cannot be nested: inside [ ] name sub-attributes of the bracketed attribute directly")
	}
	inner, err := s.bracket(open)
	if err != nil {
		return nil, err
	}
	if t := s.peek(); t.kind == tWord && strings.HasPrefix(t.text, ".") {
		// Entra matches users on emails[type eq "work"].value eq "…",
		// which RFC 7644 has no filter syntax for: it means a value
		// matching both conditions, so the comparison joins the
		// bracketed filter.
		s.next()
		sub := t.text[1:]
		if !validName(sub) {
			return nil, s.errAt(t, "%q after ] is not a sub-attribute name", t.text)
		}
		cmp, err := s.opValue(sub, pt.text+"[…]."+sub)
		if err != nil {
			return nil, err
		}
		inner = andNode{groupNode{inner}, cmp}
	} else if t.kind == tWord && isOp(t.text) {
		return nil, s.errAt(t, "%s[…] is already a condition and takes no operator; to compare a sub-attribute of the matching value write %s[…].value %s …", pt.text, pt.text, strings.ToLower(t.text))
	}
	return valuePathNode{path: pt.text, filter: inner}, nil
}

// bracket is the rest of a value filter after its "[".
func (s *syntax) bracket(open token) (node, error) {
	if err := s.enter(open); err != nil {
		return nil, err
	}
	s.closers = append(s.closers, `"]"`)
	inner, err := s.or(true)
	if err != nil {
		return nil, err
	}
	if t := s.peek(); t.kind != tRBrack {
		if t.kind == tEOF || t.kind == tRParen {
			return nil, s.errAt(t, `missing "]" to close the "[" at character %d`, charAt(s, open))
		}
		return nil, s.unexpected(t)
	}
	s.next()
	s.depth--
	s.closers = s.closers[:len(s.closers)-1]
	return inner, nil
}

// opValue is the operator and value after the attribute path path, which
// details call label.
func (s *syntax) opValue(path, label string) (node, error) {
	t := s.peek()
	if t.kind != tWord || !isOp(t.text) {
		return nil, s.badOperator(t, label)
	}
	s.next()
	s.compares++
	if s.compares > MaxComparisons {
		return nil, s.errAt(t, "more than %d comparisons; split the query into several requests", MaxComparisons)
	}
	x := attrExpNode{path: path, op: Op(strings.ToLower(t.text))}
	if x.op == Pr {
		return x, nil
	}
	v := s.peek()
	switch v.kind {
	case tString:
		s.next()
		x.value = v.text
		return x, nil
	case tSQuote:
		return nil, s.singleQuoted(v)
	case tWord:
		switch {
		case isKeyword(v, "true"), isKeyword(v, "false"):
			s.next()
			x.value = isKeyword(v, "true")
			return x, nil
		case isKeyword(v, "null"):
			s.next()
			return x, nil
		case validNumber(v.text):
			s.next()
			// Lower case: "1E3" and "1e3" are one number, and a detail
			// quoting it reads the same whichever was sent.
			x.value = json.Number(strings.ToLower(v.text))
			return x, nil
		case !isKeyword(v, "and") && !isKeyword(v, "or"):
			return nil, s.errAt(v, `expected a value after %q: a "double-quoted string", a number, true, false or null; got %s (quote strings)`, x.op, show(v))
		}
	}
	return nil, s.errAt(v, `expected a value after %s %s: a "double-quoted string", a number, true, false or null`, label, x.op)
}

// operatorHints maps operators of other languages to SCIM's.
var operatorHints = map[string]string{
	"=": "eq", "==": "eq", "===": "eq", "equals": "eq", "is": "eq", "eql": "eq",
	"!=": "ne", "<>": "ne", "!==": "ne", "neq": "ne", "not": "ne",
	"contains": "co", "like": "co", "startswith": "sw", "endswith": "ew",
	">": "gt", ">=": "ge", "<": "lt", "<=": "le", "gte": "ge", "lte": "le",
	"present": "pr", "exists": "pr", "in": "eq (one per value, joined with or)",
}

const opList = "eq, ne, co, sw, ew, pr, gt, ge, lt, le"

func (s *syntax) badOperator(t token, label string) error {
	switch t.kind {
	case tEOF:
		return s.errAt(t, "expected an operator (%s) after %s", opList, label)
	case tWord:
		hint := ""
		if h, ok := operatorHints[strings.ToLower(t.text)]; ok {
			hint = fmt.Sprintf(" (did you mean %s?)", h)
		}
		if isKeyword(t, "and") || isKeyword(t, "or") {
			return s.errAt(t, "expected an operator (%s) after %s, got %s", opList, label, show(t))
		}
		return s.errAt(t, "unknown operator %s after %s; operators are %s%s", show(t), label, opList, hint)
	case tSQuote:
		return s.singleQuoted(t)
	}
	return s.errAt(t, "expected an operator (%s) after %s, got %s", opList, label, show(t))
}

func isOp(w string) bool {
	switch strings.ToLower(w) {
	case "eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le":
		return true
	}
	return false
}

// checkPathWord checks that an attribute path is spelled as RFC 7644's
// attrPath allows: [URI ":"] ATTRNAME ["." ATTRNAME].
// Inside brackets only a sub-attribute name is allowed.
func (s *syntax) checkPathWord(t token, inBracket bool) error {
	w := t.text
	hint := ""
	if strings.ContainsAny(w, "=<>!") {
		hint = fmt.Sprintf(`; put spaces around the operator and use SCIM's operators (%s), e.g. userName eq "x"`, opList)
	}
	if inBracket {
		if !validName(w) {
			return s.errAt(t, "%q is not a sub-attribute name; inside [ ] name a sub-attribute of the bracketed attribute, e.g. emails[type eq \"work\"]%s", w, hint)
		}
		return nil
	}
	if strings.HasSuffix(w, ":") {
		return s.errAt(t, "%q ends with \":\"; name an attribute after the schema URN, e.g. %semployeeNumber", w, w)
	}
	if !validPath(w) {
		return s.errAt(t, "%q is not a valid attribute path: write name, name.subAttribute or schemaURN:name, where names start with a letter and hold letters, digits, \"-\" and \"_\"%s", w, hint)
	}
	return nil
}

// validPath reports whether w is [URI ":"] name ["." name], URI being
// colon-separated segments of letters, digits, "-" and ".".
func validPath(w string) bool {
	rest := w
	if i := strings.LastIndexByte(w, ':'); i >= 0 {
		for _, seg := range strings.Split(w[:i], ":") {
			if seg == "" || strings.Trim(seg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") != "" {
				return false
			}
		}
		rest = w[i+1:]
	}
	name, sub, dotted := strings.Cut(rest, ".")
	return validName(name) && (!dotted || validName(sub))
}

// validName is ATTRNAME = ["$"] ALPHA *(nameChar).
func validName(n string) bool {
	n = strings.TrimPrefix(n, "$")
	if n == "" || !isAlpha(n[0]) {
		return false
	}
	for i := 1; i < len(n); i++ {
		c := n[i]
		if !isAlpha(c) && !('0' <= c && c <= '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// validNumber reports whether w is a JSON number (RFC 7159 §6).
func validNumber(w string) bool {
	i := 0
	if i < len(w) && w[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(w) && '0' <= w[i] && w[i] <= '9' {
			i++
		}
		return i - j
	}
	start := i
	n := digits()
	if n == 0 || (n > 1 && w[start] == '0') {
		return false
	}
	if i < len(w) && w[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(w) && (w[i] == 'e' || w[i] == 'E') {
		i++
		if i < len(w) && (w[i] == '+' || w[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(w)
}

// charAt is the 1-based character position of t, for details that refer
// to a second spot.
func charAt(s *syntax, t token) int {
	return utf8.RuneCountInString(s.src[:t.pos]) + 1
}
