package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

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
		wantLiveCount(t, rawDB(t, u), company.ID, 3)
	})
}

// A company's writes that wait at the same time share one transaction
// (sqlstore/company_commit.go), each in a savepoint: one that fails — here
// at its queued history, as above — is rolled back alone, and the others
// commit together.
func TestGroupedWritesFailAlone(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	refused := directory.NewID()
	db := rawDB(t, u)
	if _, err := db.ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE status_changes ADD CONSTRAINT refused CHECK (employee_id <> '%s')`, refused)); err != nil {
		t.Fatal(err)
	}
	// Hold the company's lock, so that the first create waits in the
	// database and the others queue behind it.
	tx := rawTx(t, db)
	if _, err := tx.ExecContext(ctx, `SELECT id FROM companies WHERE id = $1 FOR NO KEY UPDATE`, company.ID); err != nil {
		t.Fatal(err)
	}
	var xid string
	if err := tx.QueryRowContext(ctx, `SELECT pg_current_xact_id()::text`).Scan(&xid); err != nil {
		t.Fatal(err)
	}
	const n = 6
	errs := make([]chan error, n)
	create := func(i int, id string) {
		errs[i] = make(chan error, 1)
		name := fmt.Sprintf("g%d@example.com", i)
		e := directory.Employee{ID: id, CompanyID: company.ID, UserName: name, Active: true,
			Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
		go func() { errs[i] <- s.CreateEmployee(ctx, &e, directory.Actor{}) }()
	}
	create(0, directory.NewID())
	waitForLockWaiter(t, db, xid)
	for i := 1; i < n; i++ {
		id := directory.NewID()
		if i == 3 {
			id = refused
		}
		create(i, id)
	}
	for deadline := time.Now().Add(30 * time.Second); s.WritesWaiting(company.ID) < n-1; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes wait; want %d", s.WritesWaiting(company.ID), n-1)
		}
	}
	before := s.Statements()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		err := <-errs[i]
		if (i == 3) != (err != nil) {
			t.Errorf("create %d: %v", i, err)
		}
	}
	// Five creates alone take five round trips each; grouped, the four
	// that commit share one BEGIN, lock and COMMIT.
	if got := s.Statements() - before; got >= 5*n {
		t.Errorf("%d statements for %d creates; want them grouped", got, n)
	}
	wantLiveCount(t, db, company.ID, n-1)
}

// wantLiveCount checks that the company has want employees, and that its
// kept count of live employees (migration 0022) says so.
func wantLiveCount(t *testing.T, db *sql.DB, companyID string, want int) {
	t.Helper()
	var kept, counted int
	if err := db.QueryRowContext(t.Context(), `SELECT live_employees, (SELECT COUNT(*) FROM employees WHERE company_id = $1)
		FROM companies WHERE id = $1`, companyID).Scan(&kept, &counted); err != nil {
		t.Fatal(err)
	}
	if kept != want || counted != want {
		t.Errorf("live_employees %d, employees %d; want %d", kept, counted, want)
	}
}
