package filter

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the key that case-insensitive comparison uses for
// attributes with caseExact false (RFC 7643 §2.1): Fold(a) == Fold(b)
// exactly when strings.EqualFold(a, b), and co, sw, ew, gt, ge, lt, le
// compare Folds. Each rune becomes one fixed member of its Unicode simple
// case folding orbit: the smallest lower-case member, else the smallest
// ("Bjensen" → "bjensen", the Kelvin sign → "k", "Σ", "σ" and "ς" → "ς").
//
// It is the same mapping as sqlstore.Fold, which the store persists in its
// *_fold columns and compares in SQL (rather than SQL lower(), ASCII-only
// in SQLite), so that every backend and Match agree; the two must only
// change together.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, s)
		}
	}
	return strings.ToLower(s)
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
