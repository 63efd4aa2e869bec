package inmemory

import (
	scimfilter "github.com/elimity-com/scim/filter"
	"github.com/elimity-com/scim/schema"
	filterparser "github.com/scim2/filter-parser/v2"
)

// The library matches `emails.value eq "…"` — a sub-attribute of a
// multi-valued attribute, which Okta and Entra look employees up by —
// against nothing: it takes the attribute's values for one complex value
// and fails. The same filter as a value path, `emails[value eq "…"]`,
// which RFC 7644 §3.4.2.2 gives the same meaning, it matches; a server
// built on it has to rewrite the one into the other, as valueFilter does
// once per request.

// valueFilter is v's filter with a comparison of a multi-valued
// attribute's sub-attribute, at its top or under and/or/not, written as a
// value path; v itself when there is none.
func valueFilter(v *scimfilter.Validator) *scimfilter.Validator {
	e, changed := asValuePaths(v.GetFilter())
	if !changed {
		return v
	}
	rewritten := scimfilter.NewFilterValidator(e, schema.CoreUserSchema(), schema.ExtensionEnterpriseUser())
	return &rewritten
}

func asValuePaths(e filterparser.Expression) (filterparser.Expression, bool) {
	switch x := e.(type) {
	case *filterparser.AttributeExpression:
		path := x.AttributePath
		attr, ok := schema.CoreUserSchema().Attributes.ContainsAttribute(path.AttributeName)
		if path.SubAttribute == nil || path.URIPrefix != nil || !ok || !attr.MultiValued() {
			return e, false
		}
		sub := *x
		sub.AttributePath = filterparser.AttributePath{AttributeName: *path.SubAttribute}
		return &filterparser.ValuePath{AttributePath: filterparser.AttributePath{AttributeName: path.AttributeName}, ValueFilter: &sub}, true
	case *filterparser.LogicalExpression:
		left, l := asValuePaths(x.Left)
		right, r := asValuePaths(x.Right)
		if !l && !r {
			return e, false
		}
		return &filterparser.LogicalExpression{Left: left, Operator: x.Operator, Right: right}, true
	case *filterparser.NotExpression:
		inner, changed := asValuePaths(x.Expression)
		if !changed {
			return e, false
		}
		return &filterparser.NotExpression{Expression: inner}, true
	}
	return e, false
}
