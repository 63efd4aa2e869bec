package httpapi

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"roster/internal/jsonstring"
	"roster/internal/scim/schema"
)

// resource is a rendered SCIM resource whose JSON keys follow the schema
// (schemas, id, externalId, core attributes, extensions, meta) rather than
// Go's sorted map keys, so that a person reading a response finds what
// they expect where they expect it. Clients do not depend on the order.
type resource struct {
	doc map[string]any
	rt  *schema.ResourceType
}

func (r resource) MarshalJSON() ([]byte, error) { return marshalBody(r) }

// appendJSON writes the resource to buf: what a response holds, without
// encoding/json re-reading (compacting) what MarshalJSON returned.
func (r resource) appendJSON(buf *bytes.Buffer) error {
	return encodeResource(buf, r.doc, r.rt)
}

// topKeys are the keys a resource writes first, in this order; meta is
// written last (RFC 7643's examples do the same).
var topKeys = [...]string{"schemas", "id", "externalId"}

const metaKey = "meta"

// encodeResource writes doc, a resource of rt, as a JSON object whose
// keys are in the order a reader expects: topKeys, the core attributes in
// schema order, the extensions in rt's order, any other key by name, and
// meta. The keys are found by walking the schema, not ranked and sorted:
// a page of a thousand resources did that a few hundred thousand times.
func encodeResource(buf *bytes.Buffer, doc map[string]any, rt *schema.ResourceType) error {
	w := objectWriter{jsonObject: openObject(buf), m: doc}
	for _, k := range topKeys {
		w.write(k, nil)
	}
	for _, a := range rt.Core.Attributes {
		if !topLevelSpecial(a.Name) {
			w.write(a.Name, a.SubAttributes)
		}
	}
	for _, s := range rt.Extensions {
		w.write(s.ID, s.Attributes)
	}
	reserved := 1 // meta, written after the other keys
	if _, ok := doc[metaKey]; !ok {
		reserved = 0
	}
	if w.written+reserved < len(doc) {
		w.writeOthers(func(k string) bool {
			return topLevelSpecial(k) || slices.ContainsFunc(rt.Core.Attributes, named(k)) ||
				slices.ContainsFunc(rt.Extensions, func(s *schema.Schema) bool { return s.ID == k })
		})
	}
	w.write(metaKey, schema.MetaAttr.SubAttributes)
	return w.end()
}

// topLevelSpecial reports whether a top-level key has its own place.
func topLevelSpecial(k string) bool {
	return k == metaKey || slices.Contains(topKeys[:], k)
}

// encodeObject writes m with its keys in the order of attrs (each
// attribute's value ordered by its sub-attributes), then the keys attrs
// does not name, by name.
func encodeObject(buf *bytes.Buffer, m map[string]any, attrs []*schema.Attribute) error {
	w := objectWriter{jsonObject: openObject(buf), m: m}
	for _, a := range attrs {
		w.write(a.Name, a.SubAttributes)
	}
	if w.written < len(m) {
		w.writeOthers(func(k string) bool { return slices.ContainsFunc(attrs, named(k)) })
	}
	return w.end()
}

func named(k string) func(*schema.Attribute) bool {
	return func(a *schema.Attribute) bool { return a.Name == k }
}

// objectWriter writes the keys of a JSON object one by one, in the order
// they are asked for, skipping those m does not hold.
type objectWriter struct {
	jsonObject
	m   map[string]any
	err error
}

// write writes key and its value, ordered by sub, when m holds it.
func (w *objectWriter) write(key string, sub []*schema.Attribute) {
	v, ok := w.m[key]
	if !ok || w.err != nil {
		return
	}
	w.key(key)
	w.err = encodeValue(w.buf, v, sub)
}

// writeOthers writes the keys that placed does not place, by name.
func (w *objectWriter) writeOthers(placed func(string) bool) {
	var others []string
	for k := range w.m {
		if !placed(k) {
			others = append(others, k)
		}
	}
	slices.Sort(others)
	for _, k := range others {
		w.write(k, nil)
	}
}

// end closes the object; an empty map is {}.
func (w *objectWriter) end() error {
	w.close()
	return w.err
}

// encodeValue writes v as JSON; the keys of a map v (or of the maps in
// a list v) are ordered by attrs, as encodeObject does.
func encodeValue(buf *bytes.Buffer, v any, attrs []*schema.Attribute) error {
	switch x := v.(type) {
	case map[string]any:
		return encodeObject(buf, x, attrs)
	case []any:
		buf.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, item, attrs); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	}
	return encodeScalar(buf, v)
}

// encodeScalar writes a value that is not a map or a list as
// encoding/json does, without its reflection for the common ones: a
// string of plain characters, a bool, nil.
func encodeScalar(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case string:
		writeString(buf, x)
		return nil
	case bool:
		buf.WriteString(strconv.FormatBool(x))
		return nil
	case nil:
		buf.WriteString("null")
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

// writeString writes s as encoding/json does (jsonstring.Append).
func writeString(buf *bytes.Buffer, s string) {
	buf.Write(jsonstring.Append(buf.AvailableBuffer(), s))
}
