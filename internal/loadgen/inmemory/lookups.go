package inmemory

import (
	"slices"
	"strings"

	filterparser "github.com/scim2/filter-parser/v2"
)

// Lookups by value. A list's filter is tested against every user in
// turn — the library's way — but for the lookups Entra and Okta make
// before every write (userName, externalId, an email or the id equal to
// a value), which would make each a walk of the whole map: those find
// their users in maps of each value first, as any in-memory server meant
// for them would, and only those are tested.

// valueKey is the map key of a user's value of attr (userName and
// emails.value compared without case, as their schema says).
func valueKey(attr, value string) string {
	if attr == "userName" || attr == "emails.value" {
		value = strings.ToLower(value)
	}
	return attr + "\x00" + value
}

// keysOf lists the keys of a user's values.
func keysOf(attrs map[string]interface{}) []string {
	var keys []string
	for _, attr := range []string{"id", "userName", "externalId"} {
		if v, ok := attrs[attr].(string); ok {
			keys = append(keys, valueKey(attr, v))
		}
	}
	emails, _ := attrs["emails"].([]interface{})
	for _, e := range emails {
		if m, ok := e.(map[string]interface{}); ok {
			if v, ok := m["value"].(string); ok {
				keys = append(keys, valueKey("emails.value", v))
			}
		}
	}
	return keys
}

// index keeps, for every key, the ids of the users with that value.
type index map[string][]string

// change moves id from the keys of its old attributes to those of its new
// ones (nil: none).
func (x index) change(id string, old, new map[string]interface{}) {
	for _, k := range keysOf(old) {
		x[k] = slices.DeleteFunc(x[k], func(o string) bool { return o == id })
		if len(x[k]) == 0 {
			delete(x, k)
		}
	}
	for _, k := range keysOf(new) {
		if !slices.Contains(x[k], id) {
			x[k] = append(x[k], id)
		}
	}
}

// candidates returns the ids of the users a filter can match, when it is
// one eq of an indexed value (ok), in creation order; ok is false for any
// other filter, to be tested against every user.
func (x index) candidates(e filterparser.Expression) (ids []string, ok bool) {
	var attr string
	var cmp *filterparser.AttributeExpression
	switch f := e.(type) {
	case *filterparser.AttributeExpression:
		if f.AttributePath.SubAttribute != nil || f.AttributePath.URIPrefix != nil {
			return nil, false
		}
		attr, cmp = f.AttributePath.AttributeName, f
	case *filterparser.ValuePath:
		inner, isCmp := f.ValueFilter.(*filterparser.AttributeExpression)
		if !isCmp || f.AttributePath.AttributeName != "emails" || inner.AttributePath.AttributeName != "value" || inner.AttributePath.SubAttribute != nil {
			return nil, false
		}
		attr, cmp = "emails.value", inner
	default:
		return nil, false
	}
	value, isString := cmp.CompareValue.(string)
	if cmp.Operator != filterparser.EQ || !isString || (attr != "id" && attr != "userName" && attr != "externalId" && attr != "emails.value") {
		return nil, false
	}
	return x[valueKey(attr, value)], true
}
