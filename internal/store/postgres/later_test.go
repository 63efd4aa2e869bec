package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"roster/internal/directory"
)

// A write's history, emails and activity-log entry are queued and sent
// together, after the employee itself (sqlstore/later.go). Their failure
// must still be the failure of their own write, alone: here the database
// refuses the status history of one employee, which only its queued
// statements write.
func TestQueuedStatementFailsItsOwnWrite(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	refused := directory.NewID()
	if _, err := rawDB(t, u).ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE status_changes ADD CONSTRAINT refused CHECK (employee_id <> '%s')`, refused)); err != nil {
		t.Fatal(err)
	}
	employee := func(id, name string) directory.Employee {
		return directory.Employee{ID: id, CompanyID: company.ID, UserName: name, Active: true,
			Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
	}
	stored := func(name string) bool {
		t.Helper()
		list, _, err := s.Employees(ctx, company.ID, directory.EmployeeQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			if e.UserName == name {
				return true
			}
		}
		return false
	}

	t.Run("alone", func(t *testing.T) {
		e := employee(refused, "alone@example.com")
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err == nil {
			t.Fatal("create succeeded; want the history's refusal")
		}
		if stored("alone@example.com") {
			t.Error("the refused employee was stored")
		}
		ok := employee(directory.NewID(), "after@example.com")
		if err := s.CreateEmployee(ctx, &ok, directory.Actor{}); err != nil || !stored("after@example.com") {
			t.Errorf("the next create: %v", err)
		}
	})

	t.Run("in a batch", func(t *testing.T) {
		var errs []error
		err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
			for _, e := range []directory.Employee{
				employee(directory.NewID(), "first@example.com"),
				employee(refused, "refused@example.com"),
				employee(directory.NewID(), "last@example.com"),
			} {
				errs = append(errs, b.CreateEmployee(ctx, &e, directory.Actor{}))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("the calls returned %v; want only the second to fail", errs)
		}
		for name, want := range map[string]bool{"first@example.com": true, "refused@example.com": false, "last@example.com": true} {
			if got := stored(name); got != want {
				t.Errorf("%s stored: %v; want %v", name, got, want)
			}
		}
		// The Batch counted its live employees at its end (migration
		// 0025), the refused one's count rolled back with its savepoint.
		var kept, counted int
		if err := rawDB(t, u).QueryRowContext(ctx, `SELECT live_employees, (SELECT COUNT(*) FROM employees WHERE company_id = $1)
			FROM companies WHERE id = $1`, company.ID).Scan(&kept, &counted); err != nil {
			t.Fatal(err)
		}
		if kept != 3 || counted != 3 {
			t.Errorf("live_employees %d, employees %d; want 3 and 3", kept, counted)
		}
	})
}
