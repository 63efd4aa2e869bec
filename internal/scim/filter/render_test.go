package filter_test

import (
	"fmt"
	"strings"
	"time"

	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// render prints a checked Expr fully parenthesised, with canonical
// attribute paths and typed values, so tests can assert structure.
func render(e filter.Expr) string {
	switch x := e.(type) {
	case filter.And:
		return "(" + render(x.Left) + " and " + render(x.Right) + ")"
	case filter.Or:
		return "(" + render(x.Left) + " or " + render(x.Right) + ")"
	case filter.Not:
		return "not(" + render(x.X) + ")"
	case filter.ValuePath:
		return ref(x.Attr) + "[" + render(x.Filter) + "]"
	case filter.Compare:
		s := ref(x.Attr) + " " + string(x.Op)
		switch v := x.Value.(type) {
		case nil:
			if x.Op != filter.Pr {
				s += " null"
			}
		case string:
			s += fmt.Sprintf(" %q", v)
		case time.Time:
			s += " time(" + v.Format(time.RFC3339Nano) + ")"
		default:
			s += fmt.Sprintf(" %T(%v)", v, v)
		}
		return s
	}
	return fmt.Sprintf("?%T", e)
}

func ref(r schema.Ref) string {
	s := r.String()
	if r.Schema == nil {
		s = "common:" + s
	}
	s = strings.ReplaceAll(s, schema.EnterpriseURN, "ent")
	return strings.ReplaceAll(s, schema.CompanyURN, "co")
}
