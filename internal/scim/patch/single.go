package patch

import (
	"roster/internal/scim/schema"
)

// applySingle applies an operation to a single-valued attribute or to a
// sub-attribute of a single-valued complex attribute (name.givenName,
// urn:…:enterprise:2.0:User:manager.value).
//
// add and replace are the same here: RFC 7644 §3.5.2.1 says add on a
// single-valued attribute replaces it, and Entra sends Add for an attribute
// that was empty. On a complex attribute both merge the given
// sub-attributes into the current ones (§3.5.2.3: "Sub-attributes that are
// not specified in the value parameter are left unchanged"). remove unsets
// the attribute; a value sent with it is ignored.
func applySingle(doc map[string]any, t target, value any, kind string) error {
	a := t.ref.Attr
	c := schema.Container(doc, t.ref, kind != opRemove)
	if t.sub == nil {
		if kind == opRemove {
			delete(c, a.Name)
			return nil
		}
		// NormalizeValue also takes Entra's manager as a bare id string
		// and Microsoft's sample [{"$ref": …, "value": id}].
		nv, err := schema.NormalizeValue(t.String(), a, value)
		if err != nil {
			return err
		}
		if nv == nil {
			// Replacing with [] unassigns (RFC 7643 §2.5); an object of
			// read-only or unknown sub-attributes merges nothing.
			if kind == opReplace && isEmptyList(value) {
				delete(c, a.Name)
			}
			return nil
		}
		if a.Type != schema.Complex {
			c[a.Name] = nv
			return nil
		}
		cur, _ := c[a.Name].(map[string]any)
		if cur == nil {
			cur = map[string]any{}
			c[a.Name] = cur
		}
		mergeInto(a, cur, nv.(map[string]any))
		return nil
	}

	cur, _ := c[a.Name].(map[string]any)
	if kind == opRemove {
		delete(cur, t.sub.Name)
		return nil
	}
	nv, err := schema.NormalizeValue(t.String(), t.sub, value)
	if err != nil {
		return err
	}
	if nv == nil {
		if kind == opReplace && isEmptyList(value) {
			delete(cur, t.sub.Name)
		}
		return nil
	}
	if cur == nil {
		cur = map[string]any{}
		c[a.Name] = cur
	}
	mergeInto(a, cur, map[string]any{t.sub.Name: nv})
	return nil
}

// mergeInto sets the sub-attributes of src (canonical) in dst, both values
// of complex attribute a.
//
// "$ref" is the URI of the resource named by "value" (RFC 7643 §2.3.7,
// e.g. the manager): a new "value" without a "$ref" drops the old "$ref",
// which would otherwise point at the previous manager.
func mergeInto(a *schema.Attribute, dst, src map[string]any) {
	if v, ok := src["value"]; ok && a.Sub("$ref") != nil {
		if _, hasRef := src["$ref"]; !hasRef && !equalValue(a.Sub("value"), dst["value"], v) {
			delete(dst, "$ref")
		}
	}
	for k, v := range src {
		dst[k] = v
	}
}

// isEmptyList reports whether v is [], which RFC 7643 §2.5 treats as
// unassigned.
func isEmptyList(v any) bool {
	l, ok := v.([]any)
	return ok && len(l) == 0
}
