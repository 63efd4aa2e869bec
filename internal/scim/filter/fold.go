package filter

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the key that case-insensitive comparison uses for
// attributes with caseExact false (RFC 7643 §2.1): Fold(a) == Fold(b)
// exactly when strings.EqualFold(a, b), and co, sw, ew, gt, ge, lt, le
// compare Folds. It maps each character to one member of its simple case
// folding orbit, preferring the lower-case one ("Bjensen" → "bjensen",
// the Kelvin sign → "k"), so keys sort the way people expect.
//
// The store keeps Fold of such values in its own columns and compares
// those in SQL, rather than SQL lower() (ASCII-only in SQLite), so that
// every backend and Match agree.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRune picks the smallest member of r's unicode.SimpleFold orbit, or
// its lower case when that is in the orbit too. Staying inside the orbit
// keeps distinct orbits apart (unicode.ToLower alone would map "İ", which
// folds to nothing else, onto "i").
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	lower := unicode.ToLower(least)
	if lower == r {
		return lower
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == lower {
			return lower
		}
	}
	return least
}
