package directory_test

import (
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestScheduleOccurrence(t *testing.T) {
	for _, tc := range []struct {
		name          string
		start         string
		weeks, months int
		k             int
		want          string
	}{
		{"start", "2026-01-31T09:00:00Z", 0, 1, 0, "2026-01-31T09:00:00Z"},
		{"month end clamps", "2026-01-31T09:00:00Z", 0, 1, 1, "2026-02-28T09:00:00Z"},
		{"counted from start, not the clamped day", "2026-01-31T09:00:00Z", 0, 1, 2, "2026-03-31T09:00:00Z"},
		{"30-day month", "2026-01-31T09:00:00Z", 0, 1, 3, "2026-04-30T09:00:00Z"},
		{"leap year", "2028-01-30T09:00:00Z", 0, 1, 1, "2028-02-29T09:00:00Z"},
		{"across a year", "2026-11-30T09:00:00Z", 0, 2, 1, "2027-01-30T09:00:00Z"},
		{"quarterly", "2026-11-30T09:00:00Z", 0, 3, 1, "2027-02-28T09:00:00Z"},
		{"weeks", "2026-12-07T09:00:00Z", 2, 0, 3, "2027-01-18T09:00:00Z"},
		{"offset kept", "2026-03-31T09:00:00+02:00", 0, 1, 1, "2026-04-30T09:00:00+02:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := directory.Schedule{Start: at(tc.start), EveryWeeks: tc.weeks, EveryMonths: tc.months}
			if got := s.Occurrence(tc.k); !got.Equal(at(tc.want)) {
				t.Errorf("Occurrence(%d) = %v; want %s", tc.k, got, tc.want)
			}
		})
	}
}

func TestScheduleUpcoming(t *testing.T) {
	s := directory.Schedule{ID: "s1", CompanyID: "c1", Name: "Pulse", Start: at("2026-01-31T09:00:00Z"), EveryMonths: 1, Length: 48 * time.Hour}
	got := s.Upcoming(at("2026-03-31T09:00:00Z"), 3) // a round opening exactly now is not upcoming
	want := []string{"2026-04-30T09:00:00Z", "2026-05-31T09:00:00Z", "2026-06-30T09:00:00Z"}
	if len(got) != 3 {
		t.Fatalf("got %d rounds", len(got))
	}
	for i, r := range got {
		if !r.OpensAt.Equal(at(want[i])) || !r.ClosesAt.Equal(r.OpensAt.Add(48*time.Hour)) || r.ScheduleID != "s1" || r.CompanyID != "c1" {
			t.Errorf("round %d = %+v; want opening %s", i, r, want[i])
		}
	}
	if got[0].Name != "Pulse 2026-04-30" {
		t.Errorf("name %q", got[0].Name)
	}
}

func TestParseEvery(t *testing.T) {
	for in, want := range map[string][2]int{"2w": {2, 0}, "1m": {0, 1}, "12m": {0, 12}} {
		w, m, err := directory.ParseEvery(in)
		if err != nil || w != want[0] || m != want[1] {
			t.Errorf("ParseEvery(%q) = %d, %d, %v", in, w, m, err)
		}
	}
	for _, in := range []string{"", "w", "0w", "-1m", "2d", "1.5m", "2 w"} {
		if _, _, err := directory.ParseEvery(in); directory.ErrorCode(err) != directory.EInvalid {
			t.Errorf("ParseEvery(%q) err = %v; want invalid", in, err)
		}
	}
}

func TestSurveyRoundValidate(t *testing.T) {
	r := directory.SurveyRound{Name: " Q4 ", OpensAt: at("2026-12-01T09:00:00Z")}
	if err := r.Validate(); err != nil || r.Name != "Q4" || !r.ClosesAt.Equal(r.OpensAt.Add(directory.DefaultRoundLength)) {
		t.Errorf("Validate: %v, %+v", err, r)
	}
	for _, bad := range []directory.SurveyRound{
		{OpensAt: at("2026-12-01T09:00:00Z")},
		{Name: "x"},
		{Name: "x", OpensAt: at("2026-12-01T09:00:00Z"), ClosesAt: at("2026-12-01T09:00:00Z")},
		{Name: strings.Repeat("é", directory.MaxRoundNameLength+1), OpensAt: at("2026-12-01T09:00:00Z")},
	} {
		if err := bad.Validate(); directory.ErrorCode(err) != directory.EInvalid {
			t.Errorf("Validate(%+v) = %v; want invalid", bad, err)
		}
	}
	// The limit counts characters, as the console's form does.
	long := directory.SurveyRound{Name: strings.Repeat("é", directory.MaxRoundNameLength), OpensAt: at("2026-12-01T09:00:00Z")}
	if err := long.Validate(); err != nil {
		t.Errorf("a name of %d characters: %v", directory.MaxRoundNameLength, err)
	}
	// A schedule's rounds add " 2026-12-15" to its name: it leaves room.
	sc := directory.Schedule{Name: strings.Repeat("é", directory.MaxRoundNameLength-len(" 2006-01-02")+1), Start: at("2026-12-01T09:00:00Z"), EveryWeeks: 2}
	if err := sc.Validate(); directory.ErrorCode(err) != directory.EInvalid {
		t.Errorf("a schedule whose rounds' names would be too long: %v", err)
	}
	sc.Name = strings.Repeat("é", directory.MaxRoundNameLength-len(" 2006-01-02"))
	if err := sc.Validate(); err != nil {
		t.Fatalf("a schedule at the limit: %v", err)
	}
	for _, r := range sc.Upcoming(at("2026-11-01T00:00:00Z"), 3) {
		if err := r.Validate(); err != nil {
			t.Errorf("its round %q: %v", r.Name, err)
		}
	}
	// A round stored before the rule, named longer, stays editable; an
	// edit may not give it a name too long.
	old := directory.SurveyRound{Name: strings.Repeat("x", 250), OpensAt: at("2027-02-01T09:00:00Z")}
	closes := at("2027-02-10T09:00:00Z")
	if err := (directory.RoundEdit{ClosesAt: &closes}).Apply(&old); err != nil {
		t.Fatal(err)
	}
	if err := old.ValidateEdit(at("2026-12-01T00:00:00Z")); err != nil {
		t.Errorf("editing the closing of a round named at 250 characters: %v", err)
	}
	same := old.Name // sent back unchanged, as a client patches back what it read
	if err := (directory.RoundEdit{Name: &same, ClosesAt: &closes}).Apply(&old); err != nil {
		t.Errorf("an edit sending the long name back unchanged: %v", err)
	}
	tooLong := strings.Repeat("y", directory.MaxRoundNameLength+1)
	if err := (directory.RoundEdit{Name: &tooLong}).Apply(&old); directory.ErrorCode(err) != directory.EInvalid {
		t.Errorf("an edit to a name too long: %v", err)
	}
}

// Names and labels are limited in characters, as the console's forms
// count them, not in bytes: 60 Hebrew letters are a label of 60.
func TestNameLengthsInCharacters(t *testing.T) {
	hebrew := strings.Repeat("ש", 100)
	c := directory.Connection{Label: hebrew, TokenHash: make([]byte, 32)}
	if err := c.Validate(); err != nil {
		t.Errorf("a label of 100 Hebrew letters: %v", err)
	}
	c = directory.Connection{Label: hebrew + "ש", TokenHash: make([]byte, 32)}
	if err := c.Validate(); directory.ErrorCode(err) != directory.EInvalid || !strings.Contains(err.Error(), "at most 100 characters; it has 101") {
		t.Errorf("a label of 101: %v", err)
	}
	co := directory.Company{Name: strings.Repeat("ש", 200)}
	if err := co.Validate(); err != nil {
		t.Errorf("a company name of 200 Hebrew letters: %v", err)
	}
	k := directory.APIKey{Label: hebrew, Hash: make([]byte, 32)}
	if err := k.Validate(); err != nil && strings.Contains(err.Error(), "at most") {
		t.Errorf("an API key label of 100 Hebrew letters: %v", err)
	}
}

func TestAudienceEdges(t *testing.T) {
	opens := at("2026-12-07T09:00:00Z")
	ch := func(s string, active bool) directory.StatusChange {
		return directory.StatusChange{At: at(s), Active: active, ConnectionID: "okta"}
	}
	for _, tc := range []struct {
		name    string
		history []directory.StatusChange
		t       string // recipient check time
		reason  string
		recip   bool
	}{
		{"active throughout", []directory.StatusChange{ch("2026-01-01T00:00:00Z", true)}, "2026-12-08T00:00:00Z", directory.WhyIncluded, true},
		{"deactivated exactly at opening counts as before",
			[]directory.StatusChange{ch("2026-01-01T00:00:00Z", true), ch("2026-12-07T09:00:00Z", false)}, "2026-12-08T00:00:00Z", directory.WhyDeactivated, false},
		{"deactivated just after opening is in, but no longer a recipient",
			[]directory.StatusChange{ch("2026-01-01T00:00:00Z", true), ch("2026-12-07T09:00:01Z", false)}, "2026-12-07T09:00:01Z", directory.WhyIncluded, false},
		{"recipient until the deactivation instant",
			[]directory.StatusChange{ch("2026-01-01T00:00:00Z", true), ch("2026-12-07T09:00:01Z", false)}, "2026-12-07T09:00:00.999Z", directory.WhyIncluded, true},
		{"reactivated and deactivated inside the round",
			[]directory.StatusChange{ch("2026-01-01T00:00:00Z", true), ch("2026-12-01T00:00:00Z", false), ch("2026-12-08T00:00:00Z", true), ch("2026-12-09T00:00:00Z", false)},
			"2026-12-08T12:00:00Z", directory.WhyDeactivated, false},
		{"reactivated before opening",
			[]directory.StatusChange{ch("2026-01-01T00:00:00Z", true), ch("2026-12-01T00:00:00Z", false), ch("2026-12-07T09:00:00Z", true)}, "2026-12-08T00:00:00Z", directory.WhyIncluded, true},
		{"created exactly at opening is in", []directory.StatusChange{ch("2026-12-07T09:00:00Z", true)}, "2026-12-08T00:00:00Z", directory.WhyIncluded, true},
		{"created after opening", []directory.StatusChange{ch("2026-12-07T09:00:00.000001Z", true)}, "2026-12-08T00:00:00Z", directory.WhyCreatedAfter, false},
		{"created inactive", []directory.StatusChange{ch("2026-01-01T00:00:00Z", false)}, "2026-12-08T00:00:00Z", directory.WhyDeactivated, false},
		// A deleted employee has no history left; the one re-created with
		// its userName is another id, with a history of its own.
		{"deleted", nil, "2026-12-08T00:00:00Z", directory.WhyNotFound, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := directory.Explain(tc.history, opens)
			if w.Reason != tc.reason {
				t.Errorf("Explain = %+v; want %s", w, tc.reason)
			}
			if got := directory.InAudience(tc.history, opens); got != (tc.reason == directory.WhyIncluded) {
				t.Errorf("InAudience = %v", got)
			}
			if got := directory.Recipient(tc.history, opens, at(tc.t)); got != tc.recip {
				t.Errorf("Recipient at %s = %v; want %v", tc.t, got, tc.recip)
			}
		})
	}
}

func TestWhyText(t *testing.T) {
	names := directory.ActorNames{Connections: map[string]string{"c1": "Okta"}}
	w := directory.Why{Reason: directory.WhyDeactivated, RequestID: "r_1",
		Change: directory.StatusChange{At: at("2026-11-30T15:02:00+01:00"), ConnectionID: "c1"}}
	if got, want := w.Text(names), "deactivated at 2026-11-30T14:02:00Z by Okta (request r_1)"; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
	w.RequestID = ""
	w.Change.ConnectionID = ""
	if got, want := w.Text(names), "deactivated at 2026-11-30T14:02:00Z by roster"; got != want {
		t.Errorf("Text = %q; want %q", got, want)
	}
	if got := (directory.Why{Reason: directory.WhyCreatedAfter}).Text(names); got != "created after the round opened" {
		t.Errorf("Text = %q", got)
	}
}

// An edit's log detail says what it changed, and nothing else.
func TestSurveyRoundEditedDetail(t *testing.T) {
	hour := func(h int) time.Time { return time.Date(2030, 1, 1, h, 0, 0, 0, time.UTC) }
	before := directory.SurveyRound{Name: "Pulse", OpensAt: hour(9), ClosesAt: hour(17)}
	for _, tc := range []struct {
		after directory.SurveyRound
		want  string
	}{
		{directory.SurveyRound{Name: "Pulse 2", OpensAt: hour(9), ClosesAt: hour(17)}, `round "Pulse 2" edited: name "Pulse" → "Pulse 2"`},
		{directory.SurveyRound{Name: "Pulse", OpensAt: hour(10), ClosesAt: hour(17)}, `round "Pulse" edited: opens 2030-01-01T09:00:00Z → 2030-01-01T10:00:00Z`},
		{directory.SurveyRound{Name: "P", OpensAt: hour(10), ClosesAt: hour(18)}, `round "P" edited: name "Pulse" → "P"; opens 2030-01-01T09:00:00Z → 2030-01-01T10:00:00Z; closes 2030-01-01T17:00:00Z → 2030-01-01T18:00:00Z`},
		{before, `round "Pulse" edited: nothing changed`},
	} {
		if got := tc.after.EditedDetail(before); got != tc.want {
			t.Errorf("EditedDetail = %q; want %q", got, tc.want)
		}
	}
}
