package filter

import (
	"roster/internal/scim"
	"roster/internal/scim/schema"
)

// Parse parses a filter (RFC 7644 §3.4.2.2) and checks it against rt. Its
// errors are *scim.Error with scimType invalidFilter and a detail that
// points at the problem.
func Parse(rt *schema.ResourceType, filter string) (Expr, error) {
	return nil, scim.Errorf(scim.InvalidFilter, "not implemented yet")
}
