package patch

import (
	"strings"

	"roster/internal/scim/schema"
)

// A no-path value (or a schema's object) may name one attribute under
// two keys: two cases, a company attribute's name and its alias or old
// name, nested and URN-prefixed. They follow a POST or PUT body's rule
// (schema.SentOnce): a key spelled exactly as roster spells the
// attribute yields to any other spelling; two other spellings with two
// different values are refused; the same value twice is that value.

// yieldingKeys returns the keys of obj (sorted, as applyObject applies
// them) that another key naming the same attribute overrides; in is the
// schema whose object obj is (nil: a no-path value), spelled as roster
// spells its URN when inEchoed.
func yieldingKeys(rt *schema.ResourceType, obj map[string]any, in *schema.Schema, inEchoed bool, keys []string) (map[string]bool, error) {
	if len(keys) < 2 {
		return nil, nil
	}
	var given schema.SentOnce
	pathOf := map[string]string{} // key → the attribute's canonical path
	winner := map[string]string{} // path → the key whose value it takes
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
		taken, err := given.Take(path, schema.Sent{Key: key, Echoed: echoed && name == canonical, Value: obj[key]})
		if err != nil {
			return nil, err
		}
		pathOf[key] = path
		if taken {
			winner[path] = key
		}
	}
	var skip map[string]bool
	for key, path := range pathOf {
		if winner[path] != key {
			if skip == nil {
				skip = map[string]bool{}
			}
			skip[key] = true
		}
	}
	return skip, nil
}
