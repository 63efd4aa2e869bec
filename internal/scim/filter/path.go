package filter

import (
	"strings"

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
	// A schema URN alone names the whole extension; the attrPath grammar
	// would read it as the attribute "User" of the schema "…:2.0".
	if s, rest, ok := rt.SplitURN(src); ok && rest == "" && !strings.HasSuffix(src, ":") {
		return Path{Schema: s}, nil
	}
	tree, serr := pathSyntax(src)
	if serr != nil {
		if !strings.ContainsAny(src, "[]\"") {
			if ref, ok := resolveLoose(rt, src); ok {
				return Path{Attr: ref}, nil
			}
		}
		return Path{}, inPath.at(src, serr)
	}
	c := &checker{rt: rt, w: inPath}
	if tree.filter == nil {
		ref, err := c.resolve(tree.attr, nil)
		if err != nil {
			return Path{}, err
		}
		return Path{Attr: ref}, nil
	}
	ref, err := c.valuePathAttr(tree.attr)
	if err != nil {
		return Path{}, err
	}
	f, err := c.expr(tree.filter, &ref)
	if err != nil {
		if e, ok := scim.AsError(err); ok {
			e.Err = nil // see the doc comment: not an unknown path attribute
		}
		return Path{}, err
	}
	out := Path{Attr: ref, Filter: f}
	if tree.sub != "" {
		out.Sub = ref.Attr.Sub(tree.sub)
		if out.Sub == nil {
			return Path{}, c.unknown(&schema.UnknownAttributeError{Path: ref.String() + "." + tree.sub, Known: subPaths(ref.Attr)})
		}
	}
	return out, nil
}

// pathSyntax parses PATH = attrPath / valuePath [subAttr] (RFC 7644
// §3.5.2).
func pathSyntax(src string) (pathTree, *syntaxError) {
	toks, err := lex(src)
	if err != nil {
		return pathTree{}, err.(*syntaxError)
	}
	s := &syntax{src: src, toks: toks}
	t := s.next()
	if t.kind != tWord {
		return pathTree{}, &syntaxError{pos: t.pos, msg: `expected an attribute path such as name.givenName or emails[type eq "work"].value, got ` + show(t)}
	}
	if err := s.checkPathWord(t, false); err != nil {
		return pathTree{}, err.(*syntaxError)
	}
	tree := pathTree{attr: t.text}
	if open := s.peek(); open.kind == tLBrack {
		s.next()
		if tree.filter, err = s.bracket(open); err != nil {
			return pathTree{}, err.(*syntaxError)
		}
		if sub := s.peek(); sub.kind == tWord && strings.HasPrefix(sub.text, ".") {
			s.next()
			if !validName(sub.text[1:]) {
				return pathTree{}, &syntaxError{pos: sub.pos, msg: `"` + sub.text + `" after "]" is not a sub-attribute name`}
			}
			tree.sub = sub.text[1:]
		}
	}
	if t := s.peek(); t.kind == tRBrack || t.kind == tRParen || t.kind == tSQuote {
		return pathTree{}, s.unexpected(t).(*syntaxError)
	}
	if t := s.peek(); t.kind != tEOF {
		msg := "unexpected " + show(t) + " after the attribute path"
		switch {
		case t.kind == tWord && isOp(t.text):
			msg += `; a PATCH path names an attribute and takes no operator (to select values write emails[type eq "work"])`
		case t.kind == tLBrack:
			msg += `; a path holds at most one value filter [ ]`
		}
		return pathTree{}, &syntaxError{pos: t.pos, msg: msg}
	}
	return tree, nil
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
