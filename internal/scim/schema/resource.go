package schema

import (
	"fmt"
	"sort"
	"strings"
)

// ResourceType is a resource with its core schema and extensions, as one
// company sees it: the company extension's attributes differ per company.
type ResourceType struct {
	Name       string
	Endpoint   string
	Core       *Schema
	Extensions []*Schema
}

// UserType returns the User resource type with the enterprise extension and,
// when company is non-nil, the company's own extension.
func UserType(company *Schema) *ResourceType {
	rt := &ResourceType{Name: "User", Endpoint: "/Users", Core: User, Extensions: []*Schema{Enterprise}}
	if company != nil {
		rt.Extensions = append(rt.Extensions, company)
	}
	return rt
}

// Schemas returns the core schema followed by the extensions.
func (rt *ResourceType) Schemas() []*Schema {
	return append([]*Schema{rt.Core}, rt.Extensions...)
}

// Schema returns the schema (core or extension) whose URN is urn,
// compared case-insensitively, or nil.
func (rt *ResourceType) Schema(urn string) *Schema {
	for _, s := range rt.Schemas() {
		if strings.EqualFold(s.ID, urn) {
			return s
		}
	}
	return nil
}

// SplitURN splits a path that starts with a known schema URN into that
// schema and the rest after the ":" ("" when path is the URN itself).
// A "." inside a URN ("2.0") is part of the URN, never a sub-attribute
// separator, so URNs are matched as prefixes rather than parsed.
func (rt *ResourceType) SplitURN(path string) (*Schema, string, bool) {
	var best *Schema
	for _, s := range rt.Schemas() {
		if len(path) < len(s.ID) || !strings.EqualFold(path[:len(s.ID)], s.ID) {
			continue
		}
		if len(path) > len(s.ID) && path[len(s.ID)] != ':' {
			continue
		}
		if best == nil || len(s.ID) > len(best.ID) {
			best = s
		}
	}
	if best == nil {
		return nil, "", false
	}
	return best, strings.TrimPrefix(path[len(best.ID):], ":"), true
}

// Ref names one attribute, resolved against a resource type: a top-level
// attribute and optionally one of its sub-attributes.
type Ref struct {
	// Schema is the schema holding Attr; nil for a common attribute
	// (id, externalId, meta).
	Schema *Schema
	Attr   *Attribute
	Sub    *Attribute
}

// URN returns the URN of the schema holding the attribute ("" for common).
func (r Ref) URN() string {
	if r.Schema == nil {
		return ""
	}
	return r.Schema.ID
}

// IsExtension reports whether the attribute lives in an extension schema.
func (r Ref) IsExtension() bool { return r.Schema != nil && r.Schema.ID != UserURN }

// Target is the attribute the reference ends at: Sub when set, else Attr.
func (r Ref) Target() *Attribute {
	if r.Sub != nil {
		return r.Sub
	}
	return r.Attr
}

// String renders the canonical path: extension attributes carry their URN.
func (r Ref) String() string {
	s := r.Attr.Name
	if r.IsExtension() {
		s = r.Schema.ID + ":" + s
	}
	if r.Sub != nil {
		s += "." + r.Sub.Name
	}
	return s
}

// UnknownAttributeError says that a path names no attribute of the
// resource type. Callers turn it into invalidFilter, invalidPath … .
type UnknownAttributeError struct {
	Path  string
	Known []string
}

func (e *UnknownAttributeError) Error() string {
	return fmt.Sprintf("%q is not an attribute of this resource; known attributes: %s", e.Path, strings.Join(e.Known, ", "))
}

// Resolve finds the attribute named by an optional schema URN, an attribute
// name and an optional sub-attribute name, all case-insensitively. Without a
// URN the core schema and the common attributes are searched first, then
// the extensions (when exactly one of them has the name).
func (rt *ResourceType) Resolve(urn, name, sub string) (Ref, error) {
	full := name
	if urn != "" {
		full = urn + ":" + name
	}
	if sub != "" {
		full += "." + sub
	}
	var ref Ref
	switch {
	case urn != "":
		s := rt.Schema(urn)
		if s == nil {
			return Ref{}, &UnknownAttributeError{Path: full, Known: rt.knownURNs()}
		}
		a := s.Attr(name)
		if a == nil && s == rt.Core {
			a = find(Common, name)
			s = nil
		}
		if a == nil {
			return Ref{}, &UnknownAttributeError{Path: full, Known: rt.knownIn(s)}
		}
		ref = Ref{Schema: s, Attr: a}
	default:
		if a := rt.Core.Attr(name); a != nil {
			ref = Ref{Schema: rt.Core, Attr: a}
		} else if a := find(Common, name); a != nil {
			ref = Ref{Attr: a}
		} else {
			var hits []Ref
			for _, s := range rt.Extensions {
				if a := s.Attr(name); a != nil {
					hits = append(hits, Ref{Schema: s, Attr: a})
				}
			}
			if len(hits) != 1 {
				return Ref{}, &UnknownAttributeError{Path: full, Known: rt.knownIn(rt.Core)}
			}
			ref = hits[0]
		}
	}
	if sub == "" {
		return ref, nil
	}
	if ref.Attr.Type != Complex {
		return Ref{}, &UnknownAttributeError{Path: full, Known: []string{ref.String() + " has no sub-attributes"}}
	}
	ref.Sub = ref.Attr.Sub(sub)
	if ref.Sub == nil {
		var known []string
		for _, s := range ref.Attr.SubAttributes {
			known = append(known, ref.Attr.Name+"."+s.Name)
		}
		return Ref{}, &UnknownAttributeError{Path: full, Known: known}
	}
	return ref, nil
}

func (rt *ResourceType) knownURNs() []string {
	var out []string
	for _, s := range rt.Schemas() {
		out = append(out, s.ID)
	}
	return out
}

func (rt *ResourceType) knownIn(s *Schema) []string {
	var out []string
	if s == nil || s == rt.Core {
		for _, a := range Common {
			out = append(out, a.Name)
		}
		s = rt.Core
	}
	for _, a := range s.Attributes {
		if s == rt.Core {
			out = append(out, a.Name)
		} else {
			out = append(out, s.ID+":"+a.Name)
		}
	}
	sort.Strings(out)
	return out
}
