package httpapi

import (
	"bytes"
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/schema"
	"roster/internal/userdoc"
)

// The order of a resource's keys, as the earlier encoder gave it: every
// key of a map ranked (topKeys first, the core attributes in schema
// order, the extensions, unknown keys, meta last; nested maps by their
// attribute's sub-attributes), then sorted by rank and name. Kept here as
// the oracle of encodeResource, which walks the schema instead.
func rankedEncode(buf *bytes.Buffer, doc map[string]any, rt *schema.ResourceType) error {
	return rankedValue(buf, doc, func(key string) (int, []*schema.Attribute) {
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
		for i, a := range rt.Core.Attributes {
			if a.Name == key {
				return 3 + i, a.SubAttributes
			}
		}
		for i, s := range rt.Extensions {
			if s.ID == key {
				return 1<<10 + i, s.Attributes
			}
		}
		return 1 << 19, nil
	})
}

func rankedValue(buf *bytes.Buffer, v any, rank func(string) (int, []*schema.Attribute)) error {
	type rankedKey struct {
		key  string
		rank int
		sub  []*schema.Attribute
	}
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
			sub := k.sub
			if err := rankedValue(buf, x[k.key], func(key string) (int, []*schema.Attribute) {
				for i, a := range sub {
					if a.Name == key {
						return i, a.SubAttributes
					}
				}
				return len(sub), nil
			}); err != nil {
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
			if err := rankedValue(buf, item, rank); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		return encodeScalar(buf, x)
	}
	return nil
}

// randomDoc builds a document of keys a resource may hold (of the
// schema, at any level, and unknown ones, in any case) with values of
// every JSON kind, nested up to depth.
func randomDoc(r *rand.Rand, keys []string, depth int) map[string]any {
	doc := map[string]any{}
	for range r.IntN(12) {
		doc[keys[r.IntN(len(keys))]] = randomValue(r, keys, depth)
	}
	return doc
}

func randomValue(r *rand.Rand, keys []string, depth int) any {
	n := 5
	if depth > 0 {
		n = 7
	}
	switch r.IntN(n) {
	case 0:
		return "v<&>\u2028é"[:r.IntN(4)]
	case 1:
		return r.IntN(2) == 0
	case 2:
		return nil
	case 3:
		return float64(r.IntN(1000))
	case 4:
		return []any{"a", true}
	case 5:
		return randomDoc(r, keys, depth-1)
	default:
		return []any{randomDoc(r, keys, depth-1), randomDoc(r, keys, depth-1)}
	}
}

// encodeResource writes every document's keys in the order ranking and
// sorting them gave: rendered employees, projections of them, and random
// documents of schema names and unknown ones.
func TestEncodeResourceAsRanked(t *testing.T) {
	defs := []directory.AttributeDef{
		{ID: "a1", Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: "a2", Name: "Office", Type: directory.TypeOption},
		{ID: "a3", Name: "Buddy", Type: directory.TypeEmployee},
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	var docs []map[string]any
	for i := range 5 {
		e := benchEmployee(i, defs)
		e.Addresses = []directory.Address{{Locality: "Aarhus", Country: "DK", Primary: true}}
		e.PhoneNumbers = []directory.MultiValue{{Value: "+45 1234", Type: "work"}}
		e.Attributes["a3"] = directory.AttributeValue{Ref: directory.Reference{Value: "nobody"}}
		doc := userdoc.Render("https://roster.example/scim/v2", &e, defs)
		docs = append(docs, doc, rt.Project(doc, []string{"userName", "emails.value"}, nil), rt.Project(doc, nil, []string{"meta", "name"}))
	}
	docs = append(docs, map[string]any{})
	keys := []string{"schemas", "id", "externalId", "meta", "zeta", "Alpha", "", "userName ", "Meta", "value", "primary", "type"}
	for _, a := range rt.Core.Attributes {
		keys = append(keys, a.Name)
		for _, sub := range a.SubAttributes {
			keys = append(keys, sub.Name)
		}
	}
	for _, s := range rt.Extensions {
		keys = append(keys, s.ID)
		for _, a := range s.Attributes {
			keys = append(keys, a.Name)
		}
	}
	for _, a := range schema.MetaAttr.SubAttributes {
		keys = append(keys, a.Name)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		docs = append(docs, randomDoc(r, keys, 3))
	}
	for _, doc := range docs {
		var want, got bytes.Buffer
		if err := rankedEncode(&want, doc, rt); err != nil {
			t.Fatal(err)
		}
		if err := encodeResource(&got, doc, rt); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("encodeResource wrote\n%s\nranking wrote\n%s", got.String(), want.String())
		}
	}
}
