package filter

import (
	"errors"
	"strings"

	fp "github.com/scim2/filter-parser/v2"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// Path is a PATCH path (RFC 7644 §3.5.2): an attribute, optionally a value
// filter selecting values of a multi-valued attribute, optionally a
// sub-attribute after that filter.
//
//	name.givenName                 Attr={name, Sub: givenName}
//	emails[type eq "work"].value   Attr={emails}, Filter=type eq "work", Sub=value
//	urn:…:enterprise:2.0:User:manager  Attr={Schema: enterprise, Attr: manager}
//	urn:…:enterprise:2.0:User      Schema=enterprise, Attr.Attr nil (the whole extension)
type Path struct {
	// Schema is set (and Attr.Attr nil) when the path is a schema URN alone.
	Schema *schema.Schema
	Attr   schema.Ref
	Filter Expr
	Sub    *schema.Attribute
}

// ParsePath parses and resolves a PATCH path against rt. Syntax errors are
// *scim.Error with scimType invalidPath; a path naming no attribute is a
// *scim.Error (invalidPath) that wraps a *schema.UnknownAttributeError.
//
// Only the attribute named before "[" and the sub-attribute after "]" (or
// after ".") count as "naming no attribute": an unknown sub-attribute
// inside the value filter is a plain invalidPath error, because ignoring
// the operation would silently drop a change the client meant to make.
//
// A value filter names sub-attributes of the bracketed attribute and is
// typed as in Parse; it must select values of a multi-valued complex
// attribute. A path without brackets that the grammar cannot spell but
// that names an attribute exactly (a company attribute "Employed since",
// with a space) is resolved as that attribute.
func ParsePath(rt *schema.ResourceType, path string) (Path, error) {
	src, err := prepare(path, inPath)
	if err != nil {
		return Path{}, err
	}
	// A schema URN alone names the whole extension; filter-parser would
	// split it at its last ":" into "…:2.0" and "User".
	if s, rest, ok := rt.SplitURN(src); ok && rest == "" && !strings.HasSuffix(src, ":") {
		return Path{Schema: s}, nil
	}
	text, inner, serr := pathSyntax(src)
	if serr != nil {
		if !strings.ContainsAny(src, "[]\"") {
			if ref, ok := resolveLoose(rt, src); ok {
				return Path{Attr: ref}, nil
			}
		}
		return Path{}, inPath.at(src, serr)
	}
	p, err := fp.ParsePathNumber([]byte(text))
	if err != nil {
		return Path{}, rejected(inPath, src, err)
	}
	c, err := newChecker(rt, inPath, src, inner)
	if err != nil {
		return Path{}, err
	}
	if p.ValueExpression == nil {
		ref, err := c.resolve(p.AttributePath, nil)
		if err != nil {
			return Path{}, err
		}
		return Path{Attr: ref}, nil
	}
	ref, err := c.valuePathAttr(p.AttributePath)
	if err != nil {
		return Path{}, err
	}
	if len(c.inner) != 1 {
		return Path{}, rejected(inPath, src, errors.New("value filter out of step"))
	}
	f, err := c.expr(c.inner[0], &ref)
	if err != nil {
		if e, ok := scim.AsError(err); ok {
			e.Err = nil // see the doc comment: not an unknown path attribute
		}
		return Path{}, err
	}
	out := Path{Attr: ref, Filter: f}
	if p.SubAttribute != nil {
		out.Sub = ref.Attr.Sub(*p.SubAttribute)
		if out.Sub == nil {
			return Path{}, c.unknown(&schema.UnknownAttributeError{Path: ref.String() + "." + *p.SubAttribute, Known: subPaths(ref.Attr)})
		}
	}
	return out, nil
}

// pathSyntax checks PATH = attrPath / valuePath [subAttr] (RFC 7644
// §3.5.2) and returns the text for filter-parser and the value filter's
// inside.
func pathSyntax(src string) (string, []string, *syntaxError) {
	toks, err := lex(src)
	if err != nil {
		return "", nil, err.(*syntaxError)
	}
	s := &syntax{src: src, toks: toks}
	t := s.next()
	if t.kind != tWord {
		return "", nil, &syntaxError{pos: t.pos, msg: `expected an attribute path such as name.givenName or emails[type eq "work"].value, got ` + show(t)}
	}
	if err := s.checkPathWord(t, false); err != nil {
		return "", nil, err.(*syntaxError)
	}
	text := t.text
	if open := s.peek(); open.kind == tLBrack {
		s.next()
		inner, err := s.bracket(open)
		if err != nil {
			return "", nil, err.(*syntaxError)
		}
		s.inner = append(s.inner, inner)
		text += "[" + placeholder + "]"
		if sub := s.peek(); sub.kind == tWord && strings.HasPrefix(sub.text, ".") {
			s.next()
			if !validName(sub.text[1:]) {
				return "", nil, &syntaxError{pos: sub.pos, msg: `"` + sub.text + `" after "]" is not a sub-attribute name`}
			}
			text += sub.text
		}
	}
	if t := s.peek(); t.kind == tRBrack || t.kind == tRParen || t.kind == tSQuote {
		return "", nil, s.unexpected(t).(*syntaxError)
	}
	if t := s.peek(); t.kind != tEOF {
		msg := "unexpected " + show(t) + " after the attribute path"
		switch {
		case t.kind == tWord && isOp(t.text):
			msg += `; a PATCH path names an attribute and takes no operator (to select values write emails[type eq "work"])`
		case t.kind == tLBrack:
			msg += `; a path holds at most one value filter [ ]`
		}
		return "", nil, &syntaxError{pos: t.pos, msg: msg}
	}
	return text, s.inner, nil
}

// resolveLoose resolves a path outside the grammar as an exact attribute
// name, then as name.sub split at the last ".": a company attribute's name
// may hold spaces or a ".".
func resolveLoose(rt *schema.ResourceType, src string) (schema.Ref, bool) {
	urn, rest := "", src
	if s, r, ok := rt.SplitURN(src); ok {
		urn, rest = s.ID, r
	}
	if rest == "" {
		return schema.Ref{}, false
	}
	if ref, err := rt.Resolve(urn, rest, ""); err == nil {
		return ref, true
	}
	if i := strings.LastIndexByte(rest, '.'); i > 0 && i < len(rest)-1 {
		if ref, err := rt.Resolve(urn, rest[:i], rest[i+1:]); err == nil {
			return ref, true
		}
	}
	return schema.Ref{}, false
}
