package directory

import "testing"

func TestCauseOf(t *testing.T) {
	for _, tc := range []struct{ detail, userName, id, want string }{
		{`userName "ada@x.com" is already taken in this company`, "ADA@x.com", "", `userName "…" is already taken in this company`},
		{`no employee with id "e-1" in this company`, "", "e-1", `no employee with id "…" in this company`},
		{`Location: "Paris" is not an option`, "ada@x.com", "e-1", `Location: "Paris" is not an option`},
		{`"costCenter" is not a company attribute`, "", "", `"costCenter" is not a company attribute`},
		{`empty "" stays`, "", "", `empty "" stays`},
	} {
		if got := CauseOf(tc.detail, tc.userName, tc.id); got != tc.want {
			t.Errorf("CauseOf(%q) = %q; want %q", tc.detail, got, tc.want)
		}
	}
}

func TestLogEntrySummary(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    LogEntry
		want string
	}{
		{"Refusal", LogEntry{Status: 400, Detail: "bad", Changes: []Change{{Attribute: "title", New: "x"}}}, "bad"},
		{"Write", LogEntry{Status: 200, Changes: []Change{{Attribute: "title", Old: "Engineer", New: "Staff Engineer"}, {Attribute: "locale", Old: "en"}}},
			`title: "Engineer" → "Staff Engineer"; locale: "en" → (none)`},
		{"NoChange", LogEntry{Status: 200}, "no change"},
		{"NotApplied", LogEntry{Status: 200, NotApplied: []NotApplied{{Attribute: "password", Reason: "not stored by roster"}}},
			"no change; not applied: password (not stored by roster)"},
		{"Action", LogEntry{Status: 200, Detail: `connection "Okta" revoked`}, `connection "Okta" revoked`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.Summary(); got != tc.want {
				t.Errorf("Summary = %q; want %q", got, tc.want)
			}
		})
	}
}
