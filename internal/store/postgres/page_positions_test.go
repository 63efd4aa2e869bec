package postgres_test

import (
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// The page positions the instances share: one a listing, replaced by its
// next page's, read only when recent enough, and a company's stale ones
// forgotten when another is remembered.
func TestPagePositions(t *testing.T) {
	s, _, company := openCompany(t)
	ctx := t.Context()
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	import1 := directory.PageKey{CompanyID: company.ID, ConnectionID: "okta", Filter: ""}
	other := directory.PageKey{CompanyID: company.ID, ConnectionID: "okta", Filter: strings.Repeat(`userName sw "a" or `, 500) + `active eq true`}
	at := func(k directory.PageKey, start int) directory.PageKey { k.Start = start; return k }
	want := func(what string, k directory.PageKey, since time.Time, after string) {
		t.Helper()
		got, err := s.PagePosition(ctx, k, since)
		if err != nil {
			t.Fatal(err)
		}
		if got != after {
			t.Errorf("%s: position %q, want %q", what, got, after)
		}
	}
	remember := func(k directory.PageKey, after string, now time.Time) {
		t.Helper()
		if err := s.RememberPagePosition(ctx, k, after, now, now.Add(-10*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	remember(at(import1, 4), "e3", t0)
	remember(at(other, 11), "x10", t0) // a filter longer than an index entry holds
	want("page 2", at(import1, 4), t0.Add(-time.Minute), "e3")
	want("another start", at(import1, 7), t0.Add(-time.Minute), "")
	want("another listing", at(other, 11), t0.Add(-time.Minute), "x10")
	want("another connection", directory.PageKey{CompanyID: company.ID, ConnectionID: "entra", Start: 4}, t0.Add(-time.Minute), "")
	want("older than wanted", at(import1, 4), t0.Add(time.Second), "")

	remember(at(import1, 7), "e6", t0.Add(time.Minute))
	want("page 3", at(import1, 7), t0, "e6")
	want("page 2, replaced by page 3", at(import1, 4), t0, "")
	want("the other listing, not stale yet", at(other, 11), t0.Add(-time.Minute), "x10")

	remember(at(import1, 10), "e9", t0.Add(11*time.Minute))
	want("the other listing, stale and forgotten", at(other, 11), time.Time{}, "")
	want("page 4", at(import1, 10), t0, "e9")
}
