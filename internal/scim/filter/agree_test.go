package filter

import (
	"math/rand/v2"
	"testing"
)

// TestGrammarAgreesWithFilterParser feeds random filters, built from the
// RFC grammar and then sometimes damaged, to our grammar and to
// filter-parser, the oracle (oracle_test.go): whatever our grammar lets
// through, filter-parser must read as the same tree, as a filter and as
// a PATCH path.
func TestGrammarAgreesWithFilterParser(t *testing.T) {
	rt := fuzzType()
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	sp := func() string { return pick(" ", " ", "  ", "\t") }
	value := func() string {
		return pick(`"work"`, `"a\"b\\c\u00e9"`, `"2011-01-01T00:00:00Z"`, `true`, `FALSE`, `null`, `1`, `-2.5e3`, `"True"`, `""`)
	}
	op := func() string { return pick("eq", "Ne", "co", "sw", "ew", "gt", "ge", "lt", "le") }
	var filter func(depth int, inBracket bool) string
	filter = func(depth int, inBracket bool) string {
		n := 99 // a comparison
		if depth < 4 {
			n = r.IntN(8 - depth)
		}
		switch {
		case n == 0:
			return filter(depth+1, inBracket) + sp() + pick("and", "AND", "or") + sp() + filter(depth+1, inBracket)
		case n == 1:
			return pick("not", "NOT") + pick("", " ") + "(" + filter(depth+1, inBracket) + ")"
		case n == 2:
			return "(" + pick("", " ") + filter(depth+1, inBracket) + pick("", " ") + ")"
		case n == 3 && !inBracket:
			s := pick("emails", "EMAILS", "urn:ietf:params:scim:schemas:core:2.0:User:emails") + "[" + filter(depth+1, true) + "]"
			if r.IntN(2) == 0 {
				s += pick(".value", ".type", ".primary") + sp() + pick(op()+sp()+value(), "pr")
			}
			return s
		}
		attr := pick("title", "userName", "active", "meta.created", "name.givenName",
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "emails", "emails.primary")
		if inBracket {
			attr = pick("type", "value", "primary", "Type")
		}
		if r.IntN(4) == 0 {
			return attr + sp() + pick("pr", "PR")
		}
		return attr + sp() + op() + sp() + value()
	}
	damage := func(s string) string {
		if len(s) == 0 || r.IntN(3) != 0 {
			return s
		}
		i := r.IntN(len(s))
		switch r.IntN(3) {
		case 0:
			return s[:i] + s[i+1:]
		case 1:
			return s[:i] + pick("(", ")", "[", "]", `"`, " ", "and ", ".", ":") + s[i:]
		}
		return s[:i]
	}
	n := 5000
	if testing.Short() {
		n = 500
	}
	valid := 0
	for i := 0; i < n; i++ {
		in := damage(filter(0, false))
		agreeFilter(t, in)
		agreePath(t, in)
		if _, err := Parse(rt, in); err == nil {
			valid++
		}
	}
	if valid < n/10 {
		t.Errorf("only %d of %d random filters valid; the generator is broken", valid, n)
	}
	t.Logf("%d of %d random filters valid", valid, n)
}
