package patch

import (
	"reflect"
	"strings"
	"time"

	"roster/internal/scim"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// applyMulti applies an operation to a multi-valued attribute (emails):
//
//   - the whole attribute ("emails"): add appends the given values, skipping
//     exact duplicates (RFC 7644 §3.5.2.1); replace replaces the list
//     (§3.5.2.3); remove unsets it, or, with a value, removes the values
//     listed (Entra: {"op":"Remove","path":"emails","value":[{"value":"x"}]}).
//   - selected values ("emails[type eq \"work\"]", optionally ".value", or
//     "emails.value" for every value): add and replace merge the value
//     into every selected value, or set the sub-attribute on each; remove
//     removes the selected values, or the sub-attribute from each (values
//     left empty disappear). A value that add or replace made the same as
//     another is folded into it (foldSelected).
//
// When add or replace selects nothing, Entra expects the value to be
// created ("emails[type eq \"work\"].value" on a user without a work email),
// so one value is built from the filter's eq comparisons plus the given
// value; a filter that is not a conjunction of eq comparisons cannot say
// what to build, which is noTarget (RFC 7644 §3.5.2.3).
//
// When an operation makes a value primary, the others stop being primary
// (RFC 7643 §2.4: "the primary attribute value true MUST appear no more than
// once").
func applyMulti(doc map[string]any, t target, value any, kind string) error {
	a := t.ref.Attr
	c := schema.Container(doc, t.ref, kind != opRemove)
	list, _ := c[a.Name].([]any)
	var made []int // values this operation made primary
	if t.filter == nil && t.sub == nil {
		switch kind {
		case opRemove:
			if value == nil {
				delete(c, a.Name)
				return nil
			}
			vals, err := schema.NormalizeValue(t.String(), a, value)
			if err != nil {
				return err
			}
			list = removeListed(a, list, asList(vals))
		case opAdd:
			vals, err := schema.NormalizeValue(t.String(), a, value)
			if err != nil {
				return err
			}
			for _, v := range asList(vals) {
				if containsDeep(list, v) {
					continue
				}
				list = append(list, v)
				if isPrimary(v) {
					made = append(made, len(list)-1)
				}
			}
		case opReplace:
			vals, err := schema.NormalizeValue(t.String(), a, value)
			if err != nil {
				return err
			}
			list = asList(vals)
			for i, v := range list {
				if isPrimary(v) {
					made = append(made, i)
				}
			}
		}
	} else {
		var err error
		list, made, err = applySelected(t, list, value, kind)
		if err != nil {
			return err
		}
	}
	if err := onePrimary(t, list, made); err != nil {
		return err
	}
	if c != nil {
		c[a.Name] = list
	}
	return nil
}

// applySelected applies an operation to the values a filter selects (all
// of them when t.filter is nil and t.sub is set).
func applySelected(t target, list []any, value any, kind string) ([]any, []int, error) {
	a := t.ref.Attr
	var sel []int
	for i, v := range list {
		m, ok := v.(map[string]any)
		if ok && (t.filter == nil || filter.MatchValue(t.filter, m)) {
			sel = append(sel, i)
		}
	}
	if kind == opRemove {
		if t.sub == nil {
			return removeIndexes(list, sel), nil, nil
		}
		for _, i := range sel {
			delete(list[i].(map[string]any), t.sub.Name)
		}
		return list, nil, nil // prune drops values left empty
	}

	// The sub-attributes to set on each selected value.
	var set map[string]any
	if t.sub == nil {
		nv, err := schema.NormalizeValue(t.String(), singleOf(a), value)
		if err != nil {
			return nil, nil, err
		}
		if nv == nil {
			return list, nil, nil // only read-only or null sub-attributes
		}
		set = nv.(map[string]any)
	} else {
		nv, err := schema.NormalizeValue(t.String(), t.sub, value)
		if err != nil {
			return nil, nil, err
		}
		if nv == nil {
			if kind == opReplace && isEmptyList(value) {
				for _, i := range sel {
					delete(list[i].(map[string]any), t.sub.Name)
				}
			}
			return list, nil, nil
		}
		set = map[string]any{t.sub.Name: nv}
	}

	if len(sel) == 0 {
		elem, ok := fromFilter(t.filter, a)
		if !ok {
			return nil, nil, scim.Errorf(scim.NoTarget, "no value of %q matches the filter, and the filter does not say which value to create (only eq comparisons joined by and can)", t.ref.String())
		}
		list = append(list, elem)
		sel = []int{len(list) - 1}
	}
	for _, i := range sel {
		mergeInto(a, list[i].(map[string]any), set)
	}
	list, sel = foldSelected(a, list, sel)
	if isPrimary(set) {
		return list, sel, nil
	}
	return list, nil, nil
}

// fromFilter builds a new value of a from a value filter made of eq
// comparisons joined by and: emails[type eq "work"] gives {"type":"work"}.
// ok is false when the filter cannot be read that way. A nil filter gives
// an empty value ("emails.value" on a user without emails).
func fromFilter(e filter.Expr, a *schema.Attribute) (map[string]any, bool) {
	out := map[string]any{}
	if e == nil {
		return out, true
	}
	return out, collectEq(e, a, out)
}

func collectEq(e filter.Expr, a *schema.Attribute, out map[string]any) bool {
	switch x := e.(type) {
	case filter.And:
		return collectEq(x.Left, a, out) && collectEq(x.Right, a, out)
	case *filter.And:
		return x != nil && collectEq(x.Left, a, out) && collectEq(x.Right, a, out)
	case filter.Compare:
		return collectCompare(x, a, out)
	case *filter.Compare:
		return x != nil && collectCompare(*x, a, out)
	}
	return false
}

func collectCompare(c filter.Compare, a *schema.Attribute, out map[string]any) bool {
	if c.Op != filter.Eq || c.Value == nil || c.Attr.Sub == nil {
		return false
	}
	sub := a.Sub(c.Attr.Sub.Name)
	if sub == nil || sub.Mutability == schema.ReadOnly {
		return false
	}
	v := c.Value
	if tm, ok := v.(time.Time); ok {
		v = tm.UTC().Format(time.RFC3339Nano)
	}
	nv, err := schema.NormalizeSimple(a.Name+"."+sub.Name, sub, v)
	if err != nil || nv == nil {
		return false
	}
	if old, dup := out[sub.Name]; dup && !equalValue(sub, old, nv) {
		return false // type eq "work" and type eq "home"
	}
	out[sub.Name] = nv
	return true
}

// onePrimary keeps at most one primary value (RFC 7643 §2.4): when the
// operation made a value primary, the others stop being primary.
func onePrimary(t target, list []any, made []int) error {
	if len(made) == 0 || t.ref.Attr.Sub("primary") == nil {
		return nil
	}
	if len(made) > 1 {
		return scim.Errorf(scim.InvalidValue, "at most one value of %q may be primary (RFC 7643 §2.4); this operation makes %d primary", t.ref.String(), len(made))
	}
	for i, v := range list {
		if m, ok := v.(map[string]any); ok && i != made[0] && isPrimary(m) {
			delete(m, "primary")
		}
	}
	return nil
}

func isPrimary(v any) bool {
	m, ok := v.(map[string]any)
	return ok && m["primary"] == true
}

// removeListed removes the values of list that match one of vals. A listed
// complex value matches when each sub-attribute it gives is equal: Entra
// lists only {"value": …}.
func removeListed(a *schema.Attribute, list, vals []any) []any {
	var out []any
	for _, v := range list {
		drop := false
		for _, r := range vals {
			if matches(a, r, v) {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, v)
		}
	}
	return out
}

func matches(a *schema.Attribute, pattern, v any) bool {
	pm, ok := pattern.(map[string]any)
	if !ok {
		return equalValue(a, pattern, v)
	}
	vm, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for k, pv := range pm {
		if !equalValue(a.Sub(k), pv, vm[k]) {
			return false
		}
	}
	return true
}

// equalValue compares two canonical simple values of attribute a, strings
// case-insensitively unless a is caseExact (RFC 7643 §2.2).
func equalValue(a *schema.Attribute, x, y any) bool {
	xs, xok := x.(string)
	ys, yok := y.(string)
	if xok && yok && (a == nil || !a.CaseExact) {
		return strings.EqualFold(xs, ys)
	}
	return reflect.DeepEqual(x, y)
}

func removeIndexes(list []any, idx []int) []any {
	if len(idx) == 0 {
		return list
	}
	drop := make(map[int]bool, len(idx))
	for _, i := range idx {
		drop[i] = true
	}
	var out []any
	for i, v := range list {
		if !drop[i] {
			out = append(out, v)
		}
	}
	return out
}

func containsDeep(list []any, v any) bool {
	for _, e := range list {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// singleOf is a with MultiValued false: one value of a multi-valued
// attribute normalizes like a single-valued attribute (which also unwraps
// a one-element list).
func singleOf(a *schema.Attribute) *schema.Attribute {
	s := *a
	s.MultiValued = false
	return &s
}
