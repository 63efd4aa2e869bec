package httpapi

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

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

func (r resource) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	err := r.appendJSON(&buf)
	return buf.Bytes(), err
}

// appendJSON writes the resource to buf: what a response holds, without
// encoding/json re-reading (compacting) what MarshalJSON returned.
func (r resource) appendJSON(buf *bytes.Buffer) error {
	return encodeOrdered(buf, r.doc, func(key string) (int, []*schema.Attribute) {
		switch key {
		case "schemas":
			return 0, nil
		case "id":
			return 1, nil
		case "externalId":
			return 2, nil
		case "meta":
			return 1 << 20, schema.MetaAttr.SubAttributes
		}
		for i, a := range r.rt.Core.Attributes {
			if a.Name == key {
				return 3 + i, a.SubAttributes
			}
		}
		for i, s := range r.rt.Extensions {
			if s.ID == key {
				return 1<<10 + i, s.Attributes
			}
		}
		return 1 << 19, nil
	})
}

// rankedKey is a key of a map being encoded, with its rank and the
// attributes that order its value's keys.
type rankedKey struct {
	key  string
	rank int
	sub  []*schema.Attribute
}

// encodeOrdered writes v as JSON; the keys of map v are ordered by rank,
// which also gives the attributes that order a nested map's keys. Each
// key is ranked once, not at every comparison of the sort.
func encodeOrdered(buf *bytes.Buffer, v any, rank func(string) (int, []*schema.Attribute)) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]rankedKey, 0, len(x))
		for k := range x {
			r, sub := rank(k)
			keys = append(keys, rankedKey{k, r, sub})
		}
		slices.SortFunc(keys, func(a, b rankedKey) int {
			return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.key, b.key))
		})
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeScalar(buf, k.key); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := encodeOrdered(buf, x[k.key], byAttributes(k.sub)); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeOrdered(buf, item, rank); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		return encodeScalar(buf, x)
	}
	return nil
}

// encodeScalar writes a value that is not a map or a list as
// encoding/json does, without its reflection for the common ones: a
// string of plain characters, a bool, nil.
func encodeScalar(buf *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case string:
		if plainJSON(x) {
			buf.WriteByte('"')
			buf.WriteString(x)
			buf.WriteByte('"')
			return nil
		}
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

// plainJSON reports whether s is written in JSON as is, between quotes:
// printable ASCII that encoding/json does not escape (it escapes the
// quote, the backslash, and <, > and & for HTML).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// byAttributes ranks keys by their position among attrs.
func byAttributes(attrs []*schema.Attribute) func(string) (int, []*schema.Attribute) {
	return func(key string) (int, []*schema.Attribute) {
		for i, a := range attrs {
			if a.Name == key {
				return i, a.SubAttributes
			}
		}
		return len(attrs), nil
	}
}
