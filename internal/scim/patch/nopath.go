package patch

import (
	"slices"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// applyObject applies an add or replace whose value is an object of
// attributes: an operation without path (RFC 7644 §3.5.2.1, §3.5.2.3), or
// one whose path is a schema URN alone (s non-nil, sEchoed when spelled
// as roster spells it), where the keys are that schema's attributes. Two
// keys naming one attribute: yieldingKeys.
//
// Every key is itself a path, because clients spell the same thing several
// ways:
//
//	{"active": false}                                      Okta deactivation
//	{"name": {"givenName": "x"}}                           RFC style, merges
//	{"name.givenName": "x"}                                Entra aadOptscim062020
//	{"urn:…:enterprise:2.0:User:employeeNumber": "1"}      Entra aadOptscim062020
//	{"urn:…:enterprise:2.0:User": {"employeeNumber": "1"}} RFC style
//
// Keys are case-insensitive. Keys naming no attribute of a non-strict
// schema are ignored, as Normalize ignores them: Okta sends "password" on
// password sync, Entra may send roles or phoneNumbers, and so on. A null
// member means unassigned (RFC 7643 §2.5): add and replace clear the
// attribute.
func applyObject(rt *schema.ResourceType, doc map[string]any, s *schema.Schema, sEchoed bool, value any, kind string) error {
	obj, ok := value.(map[string]any)
	if !ok {
		if s != nil {
			return scim.Errorf(scim.InvalidSyntax, "the value for the schema %s must be a JSON object of its attributes; got %s", s.ID, describe(value))
		}
		return scim.Errorf(scim.InvalidSyntax, `without a "path", "value" must be a JSON object of attributes, e.g. {"active": false}; got %s`, describe(value))
	}
	// Sorted, so that the same request always gives the same result and
	// the same error when two keys touch the same attribute.
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	yielding, err := yieldingKeys(rt, obj, s, sEchoed, keys)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if yielding[key] {
			continue
		}
		v := obj[key]
		in := s
		name := key
		if s == nil {
			if strings.EqualFold(key, "schemas") {
				continue
			}
			if strings.Contains(key, "[") {
				// Not in the RFC, but harmless to honour: a key with a
				// value filter is read as that operation's path.
				if err := applyFilterKey(rt, doc, key, v, kind); err != nil {
					return err
				}
				continue
			}
			if ext, rest, ok := rt.SplitURN(key); ok {
				if rest == "" {
					if v == nil {
						removeSchema(doc, ext)
						continue
					}
					if err := applyObject(rt, doc, ext, key == ext.ID, v, kind); err != nil {
						return err
					}
					continue
				}
				in, name = ext, rest
			} else if strings.HasPrefix(strings.ToLower(key), "urn:") {
				// An extension this resource does not have.
				continue
			}
		}
		ref, err := resolveIn(rt, in, name)
		if err != nil {
			if in != nil && in.Strict {
				return strictError(in, key, err)
			}
			if in == nil {
				if urns := holders(rt, name); len(urns) > 1 {
					// Ignoring it would drop a value the resource does
					// have; ParsePath refuses the same name as a path.
					return scim.Errorf(scim.InvalidPath, "%q is an attribute of several schemas; prefix it with the schema URN: %s", key, strings.Join(urns, ", "))
				}
			}
			continue
		}
		if err := applyTarget(rt, doc, targetOf(ref), v, unassigning(kind, v)); err != nil {
			return err
		}
	}
	return nil
}

// applyFilterKey applies one key of a no-path value that holds a value
// filter ("emails[type eq \"work\"].value"), as if it were a path.
func applyFilterKey(rt *schema.ResourceType, doc map[string]any, key string, v any, kind string) error {
	t, ok, err := resolvePath(rt, key)
	if err != nil || !ok {
		return err
	}
	return applyTarget(rt, doc, t, v, unassigning(kind, v))
}

// holders returns name prefixed with the URN of each extension that has an
// attribute called name (before any ".sub"), when the core schema has none.
func holders(rt *schema.ResourceType, name string) []string {
	attr, _, _ := strings.Cut(name, ".")
	if rt.Core.Attr(attr) != nil {
		return nil
	}
	var out []string
	for _, s := range rt.Extensions {
		if s.Attr(attr) != nil {
			out = append(out, s.ID+":"+name)
		}
	}
	return out
}
