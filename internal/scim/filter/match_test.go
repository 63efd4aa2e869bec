package filter_test

import (
	"strings"
	"testing"
	"unicode"

	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// barbara is a canonical document as Normalize, the store and the PATCH
// engine see it.
func barbara() map[string]any {
	return map[string]any{
		"id":          "2819c223-7f76-453a-919d-413861904646",
		"externalId":  "Eqpj",
		"userName":    "Bjensen@Example.com",
		"name":        map[string]any{"givenName": "Barbara", "familyName": "Jensen"},
		"displayName": "Ärger Babs",
		"title":       "",
		"active":      true,
		"emails": []any{
			map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true},
			map[string]any{"value": "babs@jensen.org", "type": "home"},
		},
		"meta": map[string]any{"created": "2011-08-01T18:29:49.793Z", "lastModified": "2011-08-01T20:31:02Z"},
		schema.EnterpriseURN: map[string]any{
			"employeeNumber": "701984",
			"manager":        map[string]any{"value": "26118915"},
		},
		schema.CompanyURN: map[string]any{
			"Employed since": "2020-03-01",
			"level":          int64(3),
			"fte":            0.8,
			"remote":         false,
			"badge":          "AbC",
			"skills":         []any{"Go", "SQL"},
		},
	}
}

func TestMatch(t *testing.T) {
	rt := userType()
	tests := []struct {
		in   string
		want bool
	}{
		// Case-insensitive userName (caseExact false), case-exact ids.
		{`userName eq "bjensen@example.com"`, true},
		{`userName eq "BJENSEN@EXAMPLE.COM"`, true},
		{`userName eq "bjensen"`, false},
		{`userName ne "bjensen@example.com"`, false},
		{`userName ne "someone"`, true},
		{`userName co "JENSEN@"`, true},
		{`userName sw "bJ"`, true},
		{`userName ew ".COM"`, true},
		{`userName ew "example"`, false},
		{`userName gt "bjensen@a"`, true},
		{`userName lt "BJENSEN@A"`, false},
		{`userName ge "bjensen@example.com"`, true},
		{`userName le "BJENSEN@EXAMPLE.COM"`, true},
		{`externalId eq "Eqpj"`, true},
		{`externalId eq "eqpj"`, false},
		{`externalId co "qp"`, true},
		{`externalId co "QP"`, false},
		{`id eq "2819c223-7f76-453a-919d-413861904646"`, true},
		{`id eq "2819C223-7F76-453A-919D-413861904646"`, false},
		{`displayName eq "ärger babs"`, true},
		{`displayName sw "ÄRGER"`, true},

		// Presence, absence and the empty string.
		{`userName pr`, true},
		{`locale pr or title pr`, false},
		{`title pr`, false},
		{`title eq null`, true},
		{`title ne null`, false},
		{`locale pr`, false},
		{`locale eq "en"`, false},
		{`locale ne "en"`, true}, // ne holds on an absent attribute
		{`not (locale eq "en")`, true},
		{`locale gt "a"`, false},
		{`name pr`, true},
		{`name eq null`, false},
		{`name.givenName pr`, true},
		{`name.formatted pr`, false},
		{`emails pr`, true},
		{`meta pr`, true},

		// Booleans.
		{`active eq true`, true},
		{`active eq "TRUE"`, true},
		{`active ne true`, false},
		{`active eq false`, false},

		// Multi-valued: any value matches; ne means none equals.
		{`emails.value eq "babs@jensen.org"`, true},
		{`emails eq "BABS@jensen.org"`, true},
		{`emails.value ne "babs@jensen.org"`, false},
		{`emails.value ne "nobody@x"`, true},
		{`emails.type eq "home" and emails.primary eq true`, true}, // different values may match each part
		{`emails.primary eq false`, false},
		{`emails.primary ne true`, false},

		// Value paths: one value must match the whole filter.
		{`emails[type eq "work"]`, true},
		{`emails[type eq "WORK"]`, true}, // type is caseExact false
		{`emails[type eq "other"]`, false},
		{`emails[type eq "home" and primary eq true]`, false},
		{`emails[type eq "work" and primary eq true]`, true},
		{`emails[type eq "home" and not (primary eq true)]`, true},
		{`emails[type eq "home" and primary ne true]`, true},
		{`emails[type eq "home" and primary pr]`, false},
		{`emails[type eq "work" and value ew "@example.com"]`, true},
		{`not (emails[type eq "other"])`, true},

		// Entra ID's matching filter.
		{`emails[type eq "work"].value eq "BJensen@example.com"`, true},
		{`emails[type eq "home"].value eq "bjensen@example.com"`, false},
		{`emails[type eq "work"].value pr`, true},

		// dateTimes compare as instants.
		{`meta.lastModified gt "2011-08-01T20:00:00Z"`, true},
		{`meta.lastModified eq "2011-08-01T22:31:02+02:00"`, true},
		{`meta.lastModified gt "2011-08-01T22:31:02+02:00"`, false},
		{`meta.lastModified ge "2011-08-01T22:31:02+02:00"`, true},
		{`meta.created lt "2011-08-01T18:29:49.794Z"`, true},
		{`meta.created lt "2011-08-01T18:29:49.793Z"`, false},
		{`meta.created le "2011-08-01T18:29:49.793Z"`, true},

		// Extensions.
		{entURN + `:employeeNumber eq "701984"`, true},
		{`employeeNumber sw "70"`, true},
		{entURN + `:manager eq "26118915"`, true},
		{entURN + `:manager.value eq "26118916"`, false},
		{entURN + `:department pr`, false},
		{coURN + `:Employed_Since ge "2020-01-01"`, true},
		{coURN + `:Employed_Since eq "2020-03-01T23:00:00Z"`, true},
		{coURN + `:Employed_Since gt "2020-03-01"`, false},
		{coURN + `:level gt 2`, true},
		{coURN + `:level eq 3`, true},
		{coURN + `:level lt 3`, false},
		{coURN + `:fte lt 1`, true},
		{coURN + `:fte eq 0.8`, true},
		{coURN + `:remote eq false`, true},
		{coURN + `:remote eq "False"`, true},
		{coURN + `:badge eq "AbC"`, true},
		{coURN + `:badge eq "abc"`, false},
		{coURN + `:skills eq "go"`, true},
		{coURN + `:skills co "q"`, true},
		{coURN + `:skills ne "go"`, false},

		// Precedence: not > and > or.
		{`userName pr or title pr and active eq false`, true},
		{`(userName pr or title pr) and active eq false`, false},
		{`not (userName pr) or active eq true`, true},
		{`not (userName pr or active eq true)`, false},
	}
	doc := barbara()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := filter.Parse(rt, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := filter.Match(e, doc); got != tt.want {
				t.Errorf("Match(%s) = %v, want %v", render(e), got, tt.want)
			}
			// not (x) is always the opposite of x.
			if got := filter.Match(filter.Not{X: e}, doc); got == tt.want {
				t.Errorf("Match(not (%s)) = %v, want %v", render(e), got, !tt.want)
			}
		})
	}
}

func TestMatchWrongTypeInDocument(t *testing.T) {
	rt := userType()
	doc := map[string]any{"active": "yes", "userName": 42, "meta": "x", "emails": "a@b.c"}
	for _, in := range []string{`active eq true`, `userName eq "42"`, `meta.created gt "2011-01-01T00:00:00Z"`, `emails[type eq "work"]`} {
		e, err := filter.Parse(rt, in)
		if err != nil {
			t.Fatal(err)
		}
		if filter.Match(e, doc) {
			t.Errorf("Match(%s) on a malformed document = true", in)
		}
	}
}

func TestMatchValue(t *testing.T) {
	rt := userType()
	work := map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true}
	home := map[string]any{"value": "babs@jensen.org", "type": "Home"}
	empty := map[string]any{}
	tests := []struct {
		path             string
		work, home, none bool
	}{
		{`emails[type eq "work"].value`, true, false, false},
		{`emails[type eq "home"]`, false, true, false},
		{`emails[type ne "work"]`, false, true, true},
		{`emails[primary eq true]`, true, false, false},
		{`emails[not (primary eq true)]`, false, true, true},
		{`emails[value ew "@EXAMPLE.COM" or type sw "ho"]`, true, true, false},
		{`emails[type pr and value pr]`, true, true, false},
		{`emails[type eq null]`, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p, err := filter.ParsePath(rt, tt.path)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name  string
				value map[string]any
				want  bool
			}{{"work", work, tt.work}, {"home", home, tt.home}, {"empty", empty, tt.none}} {
				if got := filter.MatchValue(p.Filter, c.value); got != c.want {
					t.Errorf("MatchValue(%s, %s) = %v, want %v", render(p.Filter), c.name, got, c.want)
				}
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"BJensen@Example.COM", "bjensen@example.com"},
		{"ÄRGER", "ärger"},
		{"\u212A", "k"},    // Kelvin sign folds with k
		{"ΣΑΣ", "ςας"},     // the smallest lower-case member of {Σ, σ, ς}
		{"σ", "ς"},         // sigma and final sigma fold together
		{"İ", "İ"},         // dotted capital I folds with nothing: not "i"
		{"\xff", "\uFFFD"}, // invalid UTF-8 becomes the replacement character
		{"", ""},
	} {
		if got := filter.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldAgreesWithEqualFold checks, for every rune, that Fold keeps it
// in its case-folding orbit and maps the whole orbit to one rune; so
// Fold(a) == Fold(b) exactly when strings.EqualFold(a, b).
func TestFoldAgreesWithEqualFold(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		f := filter.Fold(s)
		if !strings.EqualFold(f, s) {
			t.Fatalf("Fold(%q) = %q leaves its case orbit", s, f)
		}
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			if g := filter.Fold(string(o)); g != f {
				t.Fatalf("Fold(%q) = %q but Fold(%q) = %q", s, f, string(o), g)
			}
		}
	}
}
