package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// queryCompany seeds a company for the typed query fields: employees
// created through two connections and by an administrator, some
// deactivated, with names the search and a filter can tell apart.
type queryCompany struct {
	c          directory.Company
	entra, hr  directory.Connection
	byUserName map[string]directory.Employee
}

func seedQuery(e *env) *queryCompany {
	e.t.Helper()
	q := &queryCompany{c: e.company("Acme"), byUserName: map[string]directory.Employee{}}
	q.entra, q.hr = e.connection(q.c.ID, "Entra ID"), e.connection(q.c.ID, "HR")
	for _, s := range []struct {
		userName string
		by       directory.Actor
		active   bool
		family   string
	}{
		{"ada@example.com", directory.Actor{ConnectionID: q.entra.ID}, true, "Lovelace"},
		{"bob@example.com", directory.Actor{ConnectionID: q.entra.ID}, false, "Lovelace"},
		{"cy@example.com", directory.Actor{ConnectionID: q.hr.ID}, false, "Lovelace"},
		{"dee@example.com", directory.Actor{AdminID: "admin-1"}, true, "Hopper"},
		{"eve@example.com", directory.Actor{ConnectionID: q.entra.ID}, false, "Hopper"},
	} {
		q.byUserName[s.userName] = e.employeeBy(q.c.ID, s.userName, s.by, func(emp *directory.Employee) {
			emp.Active = s.active
			emp.Name.FamilyName = s.family
		})
	}
	return q
}

func ptr[T any](v T) *T { return &v }

var queryTests = []test{
	{"Active", func(t *testing.T, e *env) {
		q := seedQuery(e)
		for _, tc := range []struct {
			active *bool
			filter string // the SCIM filter that asks the same
			want   string
		}{
			{nil, "", "ada bob cy dee eve"},
			{ptr(true), "active eq true", "ada dee"},
			{ptr(false), "active eq false", "bob cy eve"},
		} {
			names, total := e.list(q.c.ID, directory.EmployeeQuery{Active: tc.active, Limit: 10})
			wantEqual(t, "Active "+tc.filter+" total", total, len(strings.Fields(tc.want)))
			wantEqual(t, "Active "+tc.filter, short(names), tc.want)
			if tc.filter != "" {
				byFilter, _ := e.list(q.c.ID, directory.EmployeeQuery{Filter: parse(t, tc.filter), Limit: 10})
				wantEqual(t, "filter "+tc.filter, short(byFilter), tc.want)
			}
		}
	}},
	{"ConnectionID", func(t *testing.T, e *env) {
		q := seedQuery(e)
		for _, tc := range []struct {
			name, id, want string
		}{
			{"entra", q.entra.ID, "ada bob eve"},
			{"hr", q.hr.ID, "cy"},
			{"unknown", directory.NewID(), ""},
			{"not text", "\xff\x00", ""}, // matches nothing, asks nothing
		} {
			names, total := e.list(q.c.ID, directory.EmployeeQuery{ConnectionID: tc.id, Limit: 10})
			wantEqual(t, tc.name, short(names), tc.want)
			wantEqual(t, tc.name+" total", total, len(strings.Fields(tc.want)))
		}
		// The creating connection counts, not the last one to change.
		ada := q.byUserName["ada@example.com"]
		if _, err := e.s.UpdateEmployee(e.ctx, q.c.ID, ada.ID, directory.Actor{ConnectionID: q.hr.ID}, func(u *directory.Employee) error {
			u.Title = "Countess"
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		names, _ := e.list(q.c.ID, directory.EmployeeQuery{ConnectionID: q.hr.ID, Limit: 10})
		wantEqual(t, "hr after hr's update of ada", short(names), "cy")
		// Another company's employees never show, whatever the id.
		other := e.company("Other")
		names, _ = e.list(other.ID, directory.EmployeeQuery{ConnectionID: q.entra.ID, Limit: 10})
		wantEqual(t, "other company", short(names), "")
	}},
	{"ChangedSince", func(t *testing.T, e *env) {
		q := seedQuery(e)
		// A later change moves an early employee into the window.
		bob := e.update(q.c.ID, q.byUserName["bob@example.com"].ID, func(u *directory.Employee) { u.Title = "Engineer" })
		q.byUserName["bob@example.com"] = bob
		since := func(at time.Time) string {
			var want []string
			for _, n := range []string{"ada", "bob", "cy", "dee", "eve"} {
				if !q.byUserName[n+"@example.com"].LastModified.Before(at) {
					want = append(want, n)
				}
			}
			return strings.Join(want, " ")
		}
		cy := q.byUserName["cy@example.com"].LastModified
		for _, at := range []time.Time{
			cy,
			cy.Add(time.Nanosecond), // finer than stored: rounded up, so cy is out
			cy.Add(-time.Nanosecond),
			bob.LastModified,
			bob.LastModified.Add(time.Second),
			q.byUserName["ada@example.com"].Created.Add(-time.Hour),
		} {
			names, total := e.list(q.c.ID, directory.EmployeeQuery{ChangedSince: at, Limit: 10})
			want := since(at)
			wantEqual(t, "ChangedSince "+at.Format(time.RFC3339Nano), short(names), want)
			wantEqual(t, "total", total, len(strings.Fields(want)))
		}
		if !strings.Contains(since(bob.LastModified), "bob") || strings.Contains(since(cy.Add(time.Nanosecond)), "cy") {
			t.Fatalf("the seed does not exercise the window")
		}
	}},
	{"CombinedWithFilterAndSearch", func(t *testing.T, e *env) {
		q := seedQuery(e)
		for _, tc := range []struct {
			name string
			q    directory.EmployeeQuery
			want string
		}{
			{"active+connection", directory.EmployeeQuery{Active: ptr(false), ConnectionID: q.entra.ID}, "bob eve"},
			{"active+connection+search", directory.EmployeeQuery{Active: ptr(false), ConnectionID: q.entra.ID, Search: []string{"lovelace"}}, "bob"},
			{"active+filter", directory.EmployeeQuery{Active: ptr(false), Filter: parse(t, `name.familyName eq "Lovelace"`)}, "bob cy"},
			{"active contradicts filter", directory.EmployeeQuery{Active: ptr(true), Filter: parse(t, "active eq false")}, ""},
			{"all of them", directory.EmployeeQuery{
				Active: ptr(false), ConnectionID: q.entra.ID, ChangedSince: q.byUserName["ada@example.com"].Created,
				Filter: parse(t, `userName sw "b" or userName sw "e"`), Search: []string{"hopper"},
			}, "eve"},
			{"sorted and paged", directory.EmployeeQuery{Active: ptr(false), SortBy: ref(t, "userName"), Descending: true, Offset: 1}, "cy bob"},
		} {
			tc.q.Limit = 10
			names, total := e.list(q.c.ID, tc.q)
			wantEqual(t, tc.name, short(names), tc.want)
			if tc.q.Offset == 0 {
				wantEqual(t, tc.name+" total", total, len(strings.Fields(tc.want)))
			}
		}
	}},
}

// short is the userNames' local parts, joined by spaces.
func short(userNames []string) string {
	out := slices.Clone(userNames)
	for i, n := range out {
		out[i], _, _ = strings.Cut(n, "@")
	}
	return strings.Join(out, " ")
}
