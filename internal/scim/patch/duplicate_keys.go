package patch

import (
	"reflect"
	"strings"

	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// A no-path value (or a schema's object) may name one attribute under
// two keys: two cases, a company attribute's name and its alias or old
// name, nested and URN-prefixed. As for a POST or PUT body
// (schema.Normalize), a key spelled exactly as roster spells the
// attribute yields to any other spelling, which only the client's own
// mapping writes; two other spellings with two different values are
// refused, which one was meant cannot be told; the same value twice is
// that value.

// keyOf is what one key of such an object names.
type keyOf struct {
	key    string
	path   string // the attribute's canonical path
	echoed bool   // spelled as roster spells it
	value  any
}

// yieldingKeys returns the keys of obj (sorted, as applyObject applies
// them) that another key naming the same attribute overrides; in is the
// schema whose object obj is (nil: a no-path value), spelled as roster
// spells its URN when inEchoed.
func yieldingKeys(rt *schema.ResourceType, obj map[string]any, in *schema.Schema, inEchoed bool, keys []string) (map[string]bool, error) {
	if len(keys) < 2 {
		return nil, nil
	}
	var named []keyOf
	for _, key := range keys {
		s, name, echoed := in, key, inEchoed
		if in == nil {
			if strings.EqualFold(key, "schemas") || strings.Contains(key, "[") {
				continue
			}
			if ext, rest, ok := rt.SplitURN(key); ok {
				if rest == "" {
					continue // a schema's object: applied on its own
				}
				s, name, echoed = ext, rest, false
			} else {
				echoed = true
			}
		}
		ref, err := resolveIn(rt, s, name)
		if err != nil {
			continue
		}
		path := ref.String()
		canonical := path
		if s != nil && ref.IsExtension() {
			canonical = strings.TrimPrefix(path, s.ID+":")
		}
		named = append(named, keyOf{key: key, path: path, echoed: echoed && name == canonical, value: obj[key]})
	}
	var skip map[string]bool
	for i, a := range named {
		for _, b := range named[i+1:] {
			if a.path != b.path || reflect.DeepEqual(a.value, b.value) {
				continue
			}
			switch {
			case a.echoed && !b.echoed:
				skip = mark(skip, a.key)
			case b.echoed && !a.echoed:
				skip = mark(skip, b.key)
			default:
				return nil, scim.Errorf(scim.InvalidValue, "%q and %q both name %s, with different values; send it once", a.key, b.key, a.path)
			}
		}
	}
	return skip, nil
}

func mark(m map[string]bool, key string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[key] = true
	return m
}
