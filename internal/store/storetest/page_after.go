package storetest

import (
	"testing"

	"roster/internal/directory"
)

// pageAfterTests check EmployeeQuery.PageAfter, the position SCIM paging
// by startIndex remembers from the previous page.
var pageAfterTests = []test{
	{"SamePageAsOffsetWholeTotal", func(t *testing.T, e *env) {
		c := e.company("Acme")
		var emps []directory.Employee
		for _, n := range []string{"a", "b", "c", "d", "e"} {
			emps = append(emps, e.employee(c.ID, n))
		}
		// The page after b is the page at offset 2; the total counts all.
		got, total := e.list(c.ID, directory.EmployeeQuery{PageAfter: emps[1].ID, Offset: 2, Limit: 2})
		wantEqual(t, "after b", got, []string{"c", "d"})
		if total != 5 {
			t.Errorf("total = %d; want 5 (PageAfter must not narrow the total)", total)
		}
		// With a filter, the total is the filter's.
		got, total = e.list(c.ID, directory.EmployeeQuery{PageAfter: emps[2].ID, Offset: 3, Limit: 10, Active: ptr(true)})
		wantEqual(t, "after c, active", got, []string{"d", "e"})
		if total != 5 {
			t.Errorf("active total = %d; want 5", total)
		}
		// Offset is ignored when the anchor exists.
		got, _ = e.list(c.ID, directory.EmployeeQuery{PageAfter: emps[3].ID, Offset: 0, Limit: 10})
		wantEqual(t, "after d, offset ignored", got, []string{"e"})
		got, _ = e.list(c.ID, directory.EmployeeQuery{PageAfter: emps[3].ID, Offset: 9, Limit: 10})
		wantEqual(t, "after d, offset past the total", got, []string{"e"})
	}},
	{"GoneAnchorFallsBackToOffset", func(t *testing.T, e *env) {
		c, other := e.company("Acme"), e.company("Globex")
		var emps []directory.Employee
		for _, n := range []string{"a", "b", "c"} {
			emps = append(emps, e.employee(c.ID, n))
		}
		foreign := e.employee(other.ID, "x")
		if err := e.s.DeleteEmployee(e.ctx, c.ID, emps[0].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		for _, anchor := range []string{emps[0].ID, foreign.ID, "bad\x00id"} {
			got, total := e.list(c.ID, directory.EmployeeQuery{PageAfter: anchor, Offset: 1, Limit: 10})
			wantEqual(t, "gone anchor", got, []string{"c"})
			if total != 2 {
				t.Errorf("total = %d; want 2", total)
			}
		}
	}},
	{"NeedsCreationOrder", func(t *testing.T, e *env) {
		c := e.company("Acme")
		a := e.employee(c.ID, "a")
		_, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{PageAfter: a.ID, SortBy: ref(t, "userName"), Limit: 10})
		wantCode(t, err, directory.EInvalid)
	}},
}
