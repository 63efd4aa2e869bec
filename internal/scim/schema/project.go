package schema

import "strings"

// Project applies the "attributes" and "excludedAttributes" parameters
// (RFC 7644 §3.4.2.5) to a rendered resource. Attributes whose returned
// characteristic is "always" (id, userName, schemas) stay in any case.
// An extension's URN alone names all of its attributes. Paths that name
// no attribute are ignored, as RFC 7644 leaves them undefined and clients
// send provider-specific names.
func (rt *ResourceType) Project(doc map[string]any, attributes, excluded []string) map[string]any {
	if len(attributes) > 0 {
		out := map[string]any{}
		for _, key := range []string{"schemas", "id"} {
			if v, ok := doc[key]; ok {
				out[key] = v
			}
		}
		for _, s := range rt.Schemas() {
			for _, a := range s.Attributes {
				if a.Returned == Always {
					copyRef(out, doc, Ref{Schema: s, Attr: a})
				}
			}
		}
		for _, p := range attributes {
			if ext := rt.extensionNamed(p); ext != nil {
				if v, ok := doc[ext.ID]; ok {
					out[ext.ID] = v
				}
				continue
			}
			if ref, err := rt.ResolvePath(p); err == nil {
				copyRef(out, doc, ref)
			}
		}
		return out
	}
	if len(excluded) > 0 {
		out := cloneShallow(doc)
		for _, p := range excluded {
			if ext := rt.extensionNamed(p); ext != nil {
				delete(out, ext.ID)
				continue
			}
			if ref, err := rt.ResolvePath(p); err == nil && ref.Target().Returned != Always {
				deleteRef(out, ref)
			}
		}
		return out
	}
	return doc
}

// extensionNamed returns the extension schema whose URN p is, alone (any
// case), or nil.
func (rt *ResourceType) extensionNamed(p string) *Schema {
	p = strings.TrimSpace(p)
	for _, s := range rt.Extensions {
		if strings.EqualFold(s.ID, p) {
			return s
		}
	}
	return nil
}

// ResolvePath resolves a plain attribute path without filters, such as
// "name.givenName" or "urn:…:enterprise:2.0:User:manager.value" (sortBy,
// attributes, excludedAttributes).
func (rt *ResourceType) ResolvePath(p string) (Ref, error) {
	p = strings.TrimSpace(p)
	urn := ""
	if s, rest, ok := rt.SplitURN(p); ok {
		urn, p = s.ID, rest
	}
	name, sub, _ := strings.Cut(p, ".")
	if name == "" {
		return Ref{}, &UnknownAttributeError{Path: p, Known: rt.knownIn(nil)}
	}
	return rt.Resolve(urn, name, sub)
}

// Container returns the map holding ref's attribute in a canonical
// document: the document itself for core and common attributes, the object
// under the schema URN for extension attributes (created when create is
// set; otherwise it may be nil, which is harmless to read or delete from).
func Container(doc map[string]any, ref Ref, create bool) map[string]any {
	if !ref.IsExtension() {
		return doc
	}
	ext, _ := doc[ref.Schema.ID].(map[string]any)
	if ext == nil && create {
		ext = map[string]any{}
		doc[ref.Schema.ID] = ext
	}
	return ext
}

func copyRef(out, doc map[string]any, ref Ref) {
	src := Container(doc, ref, false)
	if src == nil {
		return
	}
	v, ok := src[ref.Attr.Name]
	if !ok {
		return
	}
	dst := Container(out, ref, true)
	if ref.Sub == nil {
		dst[ref.Attr.Name] = v
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if sv, ok := x[ref.Sub.Name]; ok {
			m, _ := dst[ref.Attr.Name].(map[string]any)
			if m == nil {
				m = map[string]any{}
				dst[ref.Attr.Name] = m
			}
			m[ref.Sub.Name] = sv
		}
	case []any:
		// Multi-valued: keep the sub-attribute of every value.
		var list []any
		for i, item := range x {
			m, _ := item.(map[string]any)
			var prev map[string]any
			if have, ok := dst[ref.Attr.Name].([]any); ok && i < len(have) {
				prev, _ = have[i].(map[string]any)
			}
			if prev == nil {
				prev = map[string]any{}
			}
			if sv, ok := m[ref.Sub.Name]; ok {
				prev[ref.Sub.Name] = sv
			}
			list = append(list, prev)
		}
		dst[ref.Attr.Name] = list
	}
}

func deleteRef(doc map[string]any, ref Ref) {
	c := Container(doc, ref, false)
	if c == nil {
		return
	}
	if ref.IsExtension() {
		c = cloneShallow(c)
		doc[ref.Schema.ID] = c
	}
	if ref.Sub == nil {
		delete(c, ref.Attr.Name)
		return
	}
	switch x := c[ref.Attr.Name].(type) {
	case map[string]any:
		m := cloneShallow(x)
		delete(m, ref.Sub.Name)
		c[ref.Attr.Name] = m
	case []any:
		list := make([]any, len(x))
		for i, item := range x {
			if m, ok := item.(map[string]any); ok {
				m = cloneShallow(m)
				delete(m, ref.Sub.Name)
				item = m
			}
			list[i] = item
		}
		c[ref.Attr.Name] = list
	}
}

func cloneShallow(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
