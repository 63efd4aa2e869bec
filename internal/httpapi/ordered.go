package httpapi

import (
	"bytes"
	"encoding/json"
	"sort"

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
	err := encodeOrdered(&buf, r.doc, func(key string) (int, []*schema.Attribute) {
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
	return buf.Bytes(), err
}

// encodeOrdered writes v as JSON; the keys of map v are ordered by rank,
// which also gives the attributes that order a nested map's keys.
func encodeOrdered(buf *bytes.Buffer, v any, rank func(string) (int, []*schema.Attribute)) error {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.SliceStable(keys, func(i, j int) bool {
			ri, _ := rank(keys[i])
			rj, _ := rank(keys[j])
			if ri != rj {
				return ri < rj
			}
			return keys[i] < keys[j]
		})
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			buf.Write(kb)
			buf.WriteByte(':')
			_, sub := rank(k)
			if err := encodeOrdered(buf, x[k], byAttributes(sub)); err != nil {
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
		b, err := json.Marshal(x)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	return nil
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
