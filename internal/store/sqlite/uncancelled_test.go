package sqlite

import (
	"context"
	"errors"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// A point lookup, and a read of one employee by id, run without their
// request's cancellation (sqlstore's uncancelled.go): with a context
// already cancelled they still answer. A page of the company's employees
// keeps its cancellation.
func TestShortReadsRunUncancelled(t *testing.T) {
	s := openTest(t)
	c := newCompany(t, s)
	e := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true}
	if err := s.CreateEmployee(t.Context(), &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	expr, err := filter.Parse(schema.UserType(nil), `userName eq "ada@example.com"`)
	if err != nil {
		t.Fatal(err)
	}
	if page, _, err := s.Employees(cancelled, c.ID, directory.EmployeeQuery{Filter: expr, Limit: 10}); err != nil || len(page) != 1 {
		t.Errorf("point lookup with its request cancelled: %d employees, %v", len(page), err)
	}
	if got, err := s.Employee(cancelled, c.ID, e.ID); err != nil || got.ID != e.ID {
		t.Errorf("employee by id with its request cancelled: %v", err)
	}
	if _, _, err := s.Employees(cancelled, c.ID, directory.EmployeeQuery{Limit: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("a page with its request cancelled: %v, want it cancelled", err)
	}
}
