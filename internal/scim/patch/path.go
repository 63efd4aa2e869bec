package patch

import (
	"errors"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// target is what an operation's path (or one key of a no-path value)
// designates.
type target struct {
	// schema is set when the path is a schema URN alone
	// ("urn:…:enterprise:2.0:User"); the other fields are then zero.
	schema *schema.Schema
	// ref is the top-level attribute; ref.Sub is always nil (see sub).
	ref schema.Ref
	// filter is the value filter of a multi-valued complex attribute
	// ("emails[type eq \"work\"]"), nil when there is none.
	filter filter.Expr
	// sub is the sub-attribute of a complex attribute, whether it comes
	// before a filter's end ("name.givenName") or after it
	// ("emails[type eq \"work\"].value"); nil when there is none.
	sub *schema.Attribute
}

// String is the canonical path of the target, without its filter.
func (t target) String() string {
	r := t.ref
	r.Sub = t.sub
	return r.String()
}

// readOnly reports whether the target is (inside) a readOnly attribute.
func (t target) readOnly() bool {
	return t.ref.Attr.Mutability == schema.ReadOnly || (t.sub != nil && t.sub.Mutability == schema.ReadOnly)
}

func targetOf(ref schema.Ref) target {
	t := target{ref: ref, sub: ref.Sub}
	t.ref.Sub = nil
	return t
}

// resolvePath parses an operation's path. ok is false when the path names
// an attribute that RFC 7643 defines but this resource does not keep
// (schema.ResourceType.IsStandard: Okta's "password", or what roster's
// schemas do not list), and the operation must be ignored, as Normalize
// ignores such attributes on POST/PUT. A path that names no attribute of
// any schema ("displayNmae", "urn:…:enterprise:2.0:User.manager" with a
// dot, "urn:foo:bar:x", a company attribute that does not exist) is
// invalidPath naming it (RFC 7644 §3.5.2): answering 200 would tell the
// client its change was made.
func resolvePath(rt *schema.ResourceType, path string) (t target, ok bool, err error) {
	p, err := filter.ParsePath(rt, path)
	if err != nil {
		if unknownAttribute(err) {
			if s, _, isURN := rt.SplitURN(path); isURN && s.Strict {
				return target{}, false, strictPathError(s, path, err)
			}
			if rt.IsStandard(path) {
				return target{}, false, nil
			}
			return target{}, false, err
		}
		// ParsePath resolves a company attribute whose name the path
		// grammar cannot spell ("Employed since") when it exists; when it
		// does not and the schema is strict, say so rather than report a
		// syntax error the administrator cannot act on.
		if !strings.ContainsAny(path, "[]") {
			if s, _, isURN := rt.SplitURN(path); isURN && s.Strict {
				if _, rerr := resolveName(rt, path); unknownAttribute(rerr) {
					return target{}, false, strictPathError(s, path, rerr)
				}
			}
		}
		if _, isSCIM := scim.AsError(err); isSCIM {
			return target{}, false, err
		}
		e := scim.Errorf(scim.InvalidPath, "%v", err)
		e.Err = err
		return target{}, false, e
	}
	if p.Attr.Attr == nil {
		if p.Schema == nil {
			return target{}, false, scim.Errorf(scim.InvalidPath, "the path names no attribute")
		}
		return target{schema: p.Schema}, true, nil
	}
	t = targetOf(p.Attr)
	if p.Sub != nil {
		t.sub = p.Sub
	}
	t.filter = p.Filter
	a := t.ref.Attr
	if t.filter != nil && (!a.MultiValued || a.Type != schema.Complex) {
		return target{}, false, scim.Errorf(scim.InvalidPath, "a value filter [...] applies only to a multi-valued complex attribute such as emails; %q is not one", t.ref.String())
	}
	if t.sub != nil && a.Type != schema.Complex {
		return target{}, false, scim.Errorf(scim.InvalidPath, "%q has no sub-attributes", t.ref.String())
	}
	return t, true, nil
}

func unknownAttribute(err error) bool {
	var u *schema.UnknownAttributeError
	return errors.As(err, &u)
}

// resolveName resolves a path without value filter: an attribute name,
// optionally URN-prefixed, optionally followed by ".subAttribute". Keys of
// a no-path value are such paths (Entra's aadOptscim062020 format sends
// "name.givenName" and "urn:…:enterprise:2.0:User:employeeNumber").
func resolveName(rt *schema.ResourceType, path string) (schema.Ref, error) {
	if s, rest, ok := rt.SplitURN(path); ok {
		return resolveIn(rt, s, rest)
	}
	return resolveIn(rt, nil, path)
}

// resolveIn resolves name (which may hold ".sub") within schema s, or
// within the whole resource when s is nil. The name is first tried whole,
// since a company attribute's name may contain a ".".
func resolveIn(rt *schema.ResourceType, s *schema.Schema, name string) (schema.Ref, error) {
	urn := ""
	if s != nil {
		urn = s.ID
	}
	ref, err := rt.Resolve(urn, name, "")
	if err == nil {
		return ref, nil
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 && i < len(name)-1 {
		if ref, err2 := rt.Resolve(urn, name[:i], name[i+1:]); err2 == nil {
			return ref, nil
		}
	}
	return schema.Ref{}, err
}
