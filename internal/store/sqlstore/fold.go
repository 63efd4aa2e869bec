package sqlstore

import "roster/internal/scim/filter"

// Fold returns the case-insensitive key of s, stored in the *_fold columns:
// filter.Fold, so that SQL and in-memory matching agree. Two strings have
// the same key exactly when strings.EqualFold reports them equal.
//
// The keys are persisted: the mapping may only change together with a
// migration that recomputes the *_fold columns.
func Fold(s string) string { return filter.Fold(s) }
