package sqlstore

import (
	"strings"
	"unicode"
)

// Fold returns the case-insensitive key of s, stored in the *_fold columns.
// Two strings have the same key exactly when strings.EqualFold reports them
// equal: each rune becomes one fixed member of its Unicode simple case
// folding orbit (the smallest lower-case member, else the smallest), so
// "Σ", "σ" and "ς" share a key and ASCII simply becomes lower case.
//
// The keys are persisted: the mapping may only change together with a
// migration that recomputes the *_fold columns.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	return strings.Map(foldRune, s)
}

func foldRune(r rune) rune {
	best, bestLower := r, unicode.IsLower(r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		lower := unicode.IsLower(f)
		if (lower && !bestLower) || (lower == bestLower && f < best) {
			best, bestLower = f, lower
		}
	}
	return best
}
