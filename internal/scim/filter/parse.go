package filter

import (
	"strings"
	"unicode/utf8"

	"roster/internal/scim/schema"
)

// Parse parses a filter (RFC 7644 §3.4.2.2) and checks it against rt. Its
// errors are *scim.Error with scimType invalidFilter and a detail that
// points at the problem.
//
// Besides the RFC grammar it accepts Entra ID's matching filter
// `emails[type eq "work"].value eq "a@b.c"`, read as
// `emails[type eq "work" and value eq "a@b.c"]`.
func Parse(rt *schema.ResourceType, filter string) (Expr, error) {
	src, err := prepare(filter, inFilter)
	if err != nil {
		return nil, err
	}
	tree, serr := parseTree(src)
	if serr != nil {
		return nil, inFilter.at(src, serr)
	}
	c := &checker{rt: rt, w: inFilter}
	x, err := c.expr(tree, nil)
	if err != nil {
		return nil, err
	}
	return x, nil
}

// prepare applies the checks that come before tokenizing.
func prepare(input string, w what) (string, error) {
	if len(input) > MaxLength {
		return "", w.errorf("invalid %s: it is %d bytes long; at most %d are accepted", w.noun, len(input), MaxLength)
	}
	if !utf8.ValidString(input) {
		return "", w.errorf("invalid %s: it is not valid UTF-8 text", w.noun)
	}
	src := strings.TrimSpace(input)
	if src == "" {
		if w == inFilter {
			return "", w.errorf(`invalid filter: it is empty; leave out the filter parameter to list everything, or write an expression such as userName eq "bjensen"`)
		}
		return "", w.errorf(`invalid path: it is empty; name an attribute such as name.givenName, or leave out "path"`)
	}
	return src, nil
}
