package filter

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"roster/internal/scim/schema"
)

// Match reports whether a canonical resource document (as produced by
// schema.ResourceType.Normalize, plus "id" and "meta") satisfies e.
//
// Semantics (RFC 7644 §3.4.2.2), which the SQL store must reproduce:
//   - A value is present when it is not nil, not "", and (for a complex
//     value) has a present sub-attribute; absent values take part in no
//     comparison. "pr" holds when a value is present.
//   - A multi-valued attribute (or a sub-attribute of one) satisfies a
//     comparison when any of its values does.
//   - "ne" is the negation of "eq": it holds when no value equals the
//     operand, so also when the attribute is absent. That keeps
//     `a ne x` and `not (a eq x)` the same filter, and answers
//     `emails.value ne "x"` with "no email is x" rather than "some
//     email is not x".
//   - "eq null" holds when no value is present, "ne null" when one is.
//   - Strings of attributes with caseExact false compare by Fold, others
//     exactly; gt/ge/lt/le order strings by bytes of their (folded) UTF-8.
//     dateTimes compare as instants, numbers as numbers, "date" attributes
//     as their YYYY-MM-DD text.
//   - A value of the wrong Go type in doc matches nothing (but counts as
//     present for pr and null).
func Match(e Expr, doc map[string]any) bool {
	switch x := e.(type) {
	case And:
		return Match(x.Left, doc) && Match(x.Right, doc)
	case Or:
		return Match(x.Left, doc) || Match(x.Right, doc)
	case Not:
		return !Match(x.X, doc)
	case Compare:
		return x.holds(lookup(doc, x.Attr))
	case ValuePath:
		ref := x.Attr
		ref.Sub = nil
		for _, v := range lookup(doc, ref) {
			if m, ok := v.(map[string]any); ok && MatchValue(x.Filter, m) {
				return true
			}
		}
	}
	return false
}

// MatchValue reports whether one value of a multi-valued complex attribute
// (a canonical map of sub-attribute names to values) satisfies a value
// filter e, as found in ValuePath.Filter or Path.Filter.
func MatchValue(e Expr, value map[string]any) bool {
	switch x := e.(type) {
	case And:
		return MatchValue(x.Left, value) && MatchValue(x.Right, value)
	case Or:
		return MatchValue(x.Left, value) || MatchValue(x.Right, value)
	case Not:
		return !MatchValue(x.X, value)
	case Compare:
		if x.Attr.Sub == nil {
			return false // Parse never puts one in a value filter
		}
		return x.holds(present([]any{value[x.Attr.Sub.Name]}))
	}
	return false
}

// lookup returns the present values that ref designates in doc: one for a
// single-valued attribute, each value of a multi-valued one, and for a
// sub-attribute its value in each (or the one) complex value.
func lookup(doc map[string]any, ref schema.Ref) []any {
	if ref.Attr == nil {
		return nil
	}
	holder := doc
	if ref.IsExtension() {
		holder, _ = doc[ref.Schema.ID].(map[string]any)
	}
	vals := spread(holder[ref.Attr.Name])
	if ref.Sub != nil {
		subs := make([]any, 0, len(vals))
		for _, v := range vals {
			if m, ok := v.(map[string]any); ok {
				subs = append(subs, m[ref.Sub.Name])
			}
		}
		vals = subs
	}
	return present(vals)
}

func spread(v any) []any {
	if list, ok := v.([]any); ok {
		return list
	}
	return []any{v}
}

// present drops absent values.
func present(vals []any) []any {
	out := vals[:0:0]
	for _, v := range vals {
		if isPresent(v) {
			out = append(out, v)
		}
	}
	return out
}

// isPresent: RFC 7644 §3.4.2.2 "pr": a non-empty value, or a complex value
// with a non-empty sub-attribute.
func isPresent(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case map[string]any:
		for _, s := range x {
			if isPresent(s) {
				return true
			}
		}
		return false
	case []any:
		for _, s := range x {
			if isPresent(s) {
				return true
			}
		}
		return false
	}
	return true
}

// holds applies the comparison to the present values of its attribute.
func (c Compare) holds(vals []any) bool {
	switch c.Op {
	case Pr:
		return len(vals) > 0
	case Eq:
		if c.Value == nil {
			return len(vals) == 0
		}
	case Ne:
		if c.Value == nil {
			return len(vals) > 0
		}
		return !Compare{Attr: c.Attr, Op: Eq, Value: c.Value}.holds(vals)
	}
	a := c.Attr.Target()
	for _, v := range vals {
		if c.one(a, v) {
			return true
		}
	}
	return false
}

// one applies the comparison to a single present value v of attribute a.
func (c Compare) one(a *schema.Attribute, v any) bool {
	if c.Value == nil {
		return false
	}
	switch c.Op {
	case Co, Sw, Ew:
		have, ok1 := v.(string)
		want, ok2 := c.Value.(string)
		if !ok1 || !ok2 {
			return false
		}
		if !a.CaseExact {
			have, want = Fold(have), Fold(want)
		}
		switch c.Op {
		case Co:
			return strings.Contains(have, want)
		case Sw:
			return strings.HasPrefix(have, want)
		}
		return strings.HasSuffix(have, want)
	}
	n, ok := order(a, v, c.Value)
	if !ok {
		return false
	}
	switch c.Op {
	case Eq:
		return n == 0
	case Gt:
		return n > 0
	case Ge:
		return n >= 0
	case Lt:
		return n < 0
	case Le:
		return n <= 0
	}
	return false
}

// order compares a document value with an operand: <0, 0, >0; ok is false
// when they cannot be compared (wrong type in the document). Booleans are
// only ever tested for equality (Parse refuses gt … on them).
func order(a *schema.Attribute, have, want any) (int, bool) {
	switch w := want.(type) {
	case string:
		h, ok := have.(string)
		if !ok {
			return 0, false
		}
		if a.Format == "date" {
			if d, err := schema.ParseDate(h); err == nil {
				h = d
			}
		} else if !a.CaseExact {
			h, w = Fold(h), Fold(w)
		}
		return strings.Compare(h, w), true
	case bool:
		h, ok := have.(bool)
		if !ok {
			return 0, false
		}
		if h == w {
			return 0, true
		}
		return 1, true
	case time.Time:
		var h time.Time
		switch x := have.(type) {
		case string:
			t, err := schema.ParseDateTime(x)
			if err != nil {
				return 0, false
			}
			h = t
		case time.Time:
			h = x
		default:
			return 0, false
		}
		return h.Compare(w), true
	case int64:
		if h, ok := toInt(have); ok {
			return cmp3(h, w), true
		}
		if h, ok := toFloat(have); ok {
			return cmpFloat(h, float64(w))
		}
	case float64:
		if h, ok := toFloat(have); ok {
			return cmpFloat(h, w)
		}
	}
	return 0, false
}

func cmp3[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) (int, bool) {
	if math.IsNaN(a) || math.IsNaN(b) {
		return 0, false
	}
	return cmp3(a, b), true
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
