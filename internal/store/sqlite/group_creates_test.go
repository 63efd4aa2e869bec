package sqlite_test

import (
	"context"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// Employees' creates in one SQLite group: each fails alone.

// create is Entra's create of an employee of c named userName.
func (c groupCompany) create(s *sqlite.Store, userName string) func() error {
	return func() error {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: userName, Active: true,
			Emails: []directory.Email{{Value: userName, Primary: true}}}
		return s.CreateEmployee(context.Background(), &e, directory.Actor{ConnectionID: c.entra.ID})
	}
}

// A create whose userName is taken fails alone in its group: the
// writes before and after it commit.
func TestGroupedCreateWithATakenUserNameFailsAlone(t *testing.T) {
	s := openTemp(t)
	c := newGroupCompany(t, s, "Acme")
	held := c.employee(t, s, "held@acme.example")
	c.employee(t, s, "taken@acme.example")
	_, outcomes := inOneGroupOutcomes(t, s, c, held,
		c.create(s, "before@acme.example"),
		c.create(s, "TAKEN@acme.example"),
		c.create(s, "after@acme.example"),
		c.update(s, held.ID, department("Sales")),
	)
	if outcomes[2] == nil || directory.ErrorCode(outcomes[2]) != directory.EConflict {
		t.Errorf("the taken userName's create: %v; want a conflict", outcomes[2])
	}
	for _, i := range []int{0, 1, 3, 4} { // 0: the holding write
		if outcomes[i] != nil {
			t.Errorf("write %d: %v; want it applied", i, outcomes[i])
		}
	}
	stored := userNames(t, s, c.ID)
	for _, name := range []string{"before@acme.example", "after@acme.example"} {
		if !stored[name] {
			t.Errorf("%s not stored; stored %v", name, stored)
		}
	}
	if got, err := s.Employee(t.Context(), c.ID, held.ID); err != nil || got.Department != "Sales" {
		t.Errorf("the update after it: department %q, %v; want Sales", got.Department, err)
	}
}

// userNames are the userNames of the company's employees.
func userNames(t *testing.T, s *sqlite.Store, companyID string) map[string]bool {
	t.Helper()
	list, _, err := s.Employees(t.Context(), companyID, directory.EmployeeQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range list {
		out[e.UserName] = true
	}
	return out
}
