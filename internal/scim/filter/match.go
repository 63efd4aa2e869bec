package filter

// Match reports whether a canonical resource document (as produced by
// schema.ResourceType.Normalize, plus "id" and "meta") satisfies e.
func Match(e Expr, doc map[string]any) bool {
	return false
}

// MatchValue reports whether one value of a multi-valued complex attribute
// (a canonical map of sub-attribute names to values) satisfies a value
// filter e, as found in ValuePath.Filter or Path.Filter.
func MatchValue(e Expr, value map[string]any) bool {
	return false
}
