package sqlstore

import (
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Alice@Example.COM", "alice@example.com"},
		{"JÜRGEN", "jürgen"},
		{"ΣΟΦΙΑ", "σοφια"},
		{"ς", "Σ"},
		{"\u212a", "k"}, // Kelvin sign
		{"ſ", "S"},
	} {
		if Fold(tc.a) != Fold(tc.b) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q; want equal", tc.a, Fold(tc.a), tc.b, Fold(tc.b))
		}
	}
	// Fold identifies exactly what strings.EqualFold identifies.
	for _, pair := range [][2]string{{"ı", "i"}, {"İ", "i"}, {"a", "b"}, {"ß", "ss"}} {
		if got, want := Fold(pair[0]) == Fold(pair[1]), strings.EqualFold(pair[0], pair[1]); got != want {
			t.Errorf("Fold(%q) == Fold(%q) is %v; EqualFold says %v", pair[0], pair[1], got, want)
		}
	}
	if got, want := Fold("Alice"), "alice"; got != want {
		t.Errorf("Fold(Alice) = %q, want %q", got, want)
	}
}
