package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// ref resolves an attribute path of the User resource type for SortBy.
func ref(t *testing.T, path string) *schema.Ref {
	t.Helper()
	rt := schema.UserType(nil)
	urn := ""
	if s, rest, ok := rt.SplitURN(path); ok {
		urn, path = s.ID, rest
	}
	name, sub, _ := strings.Cut(path, ".")
	r, err := rt.Resolve(urn, name, sub)
	if err != nil {
		t.Fatal(err)
	}
	return &r
}

// parse parses a filter against the User resource type.
func parse(t *testing.T, f string) filter.Expr {
	t.Helper()
	e, err := filter.Parse(schema.UserType(nil), f)
	if err != nil {
		t.Fatalf("parse %s: %v", f, err)
	}
	return e
}

// seedTitles creates n employees u00…; every third has no title, the
// others share few titles in mixed case, so sorting meets ties and NULLs.
func seedTitles(e *env, companyID string, n int) []directory.Employee {
	titles := []string{"", "engineer", "Analyst", "", "Engineer", "manager", "", "analyst", "Zoo"}
	var out []directory.Employee
	for i := range n {
		out = append(out, e.employee(companyID, fmt.Sprintf("u%02d@example.com", i), func(emp *directory.Employee) {
			emp.Title = titles[i%len(titles)]
			if i%4 == 0 {
				emp.Emails = []directory.Email{{Value: fmt.Sprintf("z%02d@example.com", i)}, {Value: fmt.Sprintf("a%02d@example.com", i), Primary: true}}
			} else if i%4 == 1 {
				emp.Emails = []directory.Email{{Value: fmt.Sprintf("m%02d@example.com", i)}}
			}
		}))
	}
	return out
}

// pages fetches every page of q (page size size) and returns the userNames.
func pages(e *env, companyID string, q directory.EmployeeQuery, size int) []string {
	e.t.Helper()
	var all []string
	for q.Offset = 0; ; q.Offset += size {
		q.Limit = size
		names, total := e.list(companyID, q)
		all = append(all, names...)
		if q.Offset+size >= total {
			if len(all) != total {
				e.t.Fatalf("paged %d employees; total says %d", len(all), total)
			}
			return all
		}
	}
}

var listTests = []test{
	{"LookupTotals", func(t *testing.T, e *env) {
		// Entra's and Okta's lookups (userName, id, externalId, an email
		// equal to a value) count their matches whatever the page.
		c := e.company("Acme")
		shared := []directory.Email{{Value: "team@example.com"}}
		a := e.employee(c.ID, "a@example.com", func(p *directory.Employee) { p.Emails = shared })
		e.employee(c.ID, "b@example.com", func(p *directory.Employee) { p.Emails = shared })
		for _, tc := range []struct {
			filter        string
			offset, limit int
			page, total   int
		}{
			{`emails.value eq "team@example.com"`, 0, 10, 2, 2},
			{`emails.value eq "team@example.com"`, 0, 1, 1, 2},
			{`emails.value eq "team@example.com"`, 0, 2, 2, 2},
			{`emails.value eq "team@example.com"`, 1, 1, 1, 2},
			{`emails.value eq "team@example.com"`, 0, 0, 0, 2},
			{`emails eq "TEAM@example.com"`, 0, 1, 1, 2},
			{`userName eq "A@example.com"`, 0, 1, 1, 1},
			{`userName eq "nobody@example.com"`, 0, 10, 0, 0},
			{fmt.Sprintf("id eq %q", a.ID), 0, 10, 1, 1},
		} {
			expr, err := filter.Parse(schema.UserType(nil), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			page, total := e.list(c.ID, directory.EmployeeQuery{Filter: expr, Offset: tc.offset, Limit: tc.limit})
			if len(page) != tc.page || total != tc.total {
				t.Errorf("%s from %d, %d at most: %d of %d; want %d of %d", tc.filter, tc.offset, tc.limit, len(page), total, tc.page, tc.total)
			}
		}
	}},
	{"DefaultOrderIsCreation", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emps := seedTitles(e, c.ID, 12)
		// Updating and deleting must not move anyone.
		e.update(c.ID, emps[0].ID, func(u *directory.Employee) { u.UserName = "zz-renamed@example.com" })
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emps[5].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		late := e.employee(c.ID, "aa-late@example.com")
		want := []string{"zz-renamed@example.com"}
		for _, emp := range emps[1:] {
			if emp.ID != emps[5].ID {
				want = append(want, emp.UserName)
			}
		}
		want = append(want, late.UserName)
		wantEqual(t, "order", pages(e, c.ID, directory.EmployeeQuery{}, 5), want)
		slices.Reverse(want)
		wantEqual(t, "descending", pages(e, c.ID, directory.EmployeeQuery{Descending: true}, 4), want)
	}},
	{"SortWithNullsAndTies", func(t *testing.T, e *env) {
		c := e.company("Acme")
		emps := seedTitles(e, c.ID, 25)
		// title is case-insensitive: sorted by folded value, ties (and
		// "engineer"/"Engineer") in creation order, no title last.
		want := slices.Clone(emps)
		slices.SortStableFunc(want, func(a, b directory.Employee) int {
			if (a.Title == "") != (b.Title == "") {
				if a.Title == "" {
					return 1
				}
				return -1
			}
			return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
		})
		asc := pages(e, c.ID, directory.EmployeeQuery{SortBy: ref(t, "title")}, 7)
		wantEqual(t, "ascending", asc, userNames(want))
		desc := pages(e, c.ID, directory.EmployeeQuery{SortBy: ref(t, "title"), Descending: true}, 6)
		slices.Reverse(want)
		wantEqual(t, "descending (the exact reverse: no title first)", desc, userNames(want))
	}},
	{"SortByUserNameCaseInsensitive", func(t *testing.T, e *env) {
		c := e.company("Acme")
		for _, n := range []string{"bob@x", "Carol@x", "alice@x", "Dave@x"} {
			e.employee(c.ID, n)
		}
		names, _ := e.list(c.ID, directory.EmployeeQuery{SortBy: ref(t, "userName"), Limit: 10})
		wantEqual(t, "order", names, []string{"alice@x", "bob@x", "Carol@x", "Dave@x"})
	}},
	{"SortByPrimaryEmail", func(t *testing.T, e *env) {
		c := e.company("Acme")
		seedTitles(e, c.ID, 8)
		// u00 a00 (primary), u01 m01, u04 a04 (primary), u05 m05, others none.
		names, _ := e.list(c.ID, directory.EmployeeQuery{SortBy: ref(t, "emails"), Limit: 100})
		wantEqual(t, "order", names, []string{"u00@example.com", "u04@example.com", "u01@example.com", "u05@example.com",
			"u02@example.com", "u03@example.com", "u06@example.com", "u07@example.com"})
		names, _ = e.list(c.ID, directory.EmployeeQuery{SortBy: ref(t, "emails.value"), Limit: 100})
		wantEqual(t, "order by emails.value", names[:4], []string{"u00@example.com", "u04@example.com", "u01@example.com", "u05@example.com"})
	}},
	{"SortByOtherAttributes", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.employee(c.ID, "a@x", func(emp *directory.Employee) { emp.Active = false; emp.EmployeeNumber = "2" })
		b := e.employee(c.ID, "b@x", func(emp *directory.Employee) { emp.EmployeeNumber = "1" })
		for path, want := range map[string][]string{
			"active":       {a.UserName, b.UserName},
			"meta.created": {a.UserName, b.UserName},
			"id":           userNames(slices.SortedFunc(slices.Values([]directory.Employee{a, b}), func(x, y directory.Employee) int { return strings.Compare(x.ID, y.ID) })),
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": {b.UserName, a.UserName},
			"meta.resourceType": {a.UserName, b.UserName},
		} {
			names, _ := e.list(c.ID, directory.EmployeeQuery{SortBy: ref(t, path), Limit: 10})
			wantEqual(t, "sorted by "+path, names, want)
		}
	}},
	{"SortUnsupported", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{SortBy: ref(t, "meta.version"), Limit: 10})
		wantCode(t, err, directory.EInvalid)
	}},
	{"LimitZeroOnlyTotal", func(t *testing.T, e *env) {
		c := e.company("Acme")
		seedTitles(e, c.ID, 5)
		page, total, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 0 || total != 5 {
			t.Errorf("got %d employees, total %d; want none and 5", len(page), total)
		}
		_, total = e.list(c.ID, directory.EmployeeQuery{Filter: parse(t, `title eq "engineer"`)})
		wantEqual(t, "filtered total", total, 2)
	}},
	{"OffsetPastEnd", func(t *testing.T, e *env) {
		c := e.company("Acme")
		seedTitles(e, c.ID, 3)
		names, total := e.list(c.ID, directory.EmployeeQuery{Offset: 3, Limit: 10})
		if len(names) != 0 || total != 3 {
			t.Errorf("got %v, total %d; want none and 3", names, total)
		}
		names, _ = e.list(c.ID, directory.EmployeeQuery{Offset: 2, Limit: 10})
		wantEqual(t, "last page", names, []string{"u02@example.com"})
	}},
	{"NegativeInvalid", func(t *testing.T, e *env) {
		c := e.company("Acme")
		_, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Offset: -1, Limit: 10})
		wantCode(t, err, directory.EInvalid)
	}},
	{"UnknownCompanyEmpty", func(t *testing.T, e *env) {
		names, total := e.list(directory.NewID(), directory.EmployeeQuery{Limit: 10})
		if len(names) != 0 || total != 0 {
			t.Errorf("got %v, %d; want nothing", names, total)
		}
	}},
}
