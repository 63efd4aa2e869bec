package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"roster/internal/directory"
)

// Creates that go to the server together — a Bulk request's deferred
// creates, a group's creates — are sent as multi-row INSERTs in one
// savepoint (sqlstore/merged_writes.go): their rows share one
// subtransaction (xmin), and their employees were inserted by a couple
// of statements (cmin), not one each.
func TestMergedCreatesShareStatements(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	db := rawDB(t, u)
	const n = 10
	err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
		late, err := createDeferred(ctx, b, company.ID, "bulk", n)
		if err != nil {
			return err
		}
		if err := b.(directory.DeferringBatch).Settle(ctx); err != nil {
			return err
		}
		for i, err := range late {
			if err != nil {
				t.Errorf("create %d: %v", i, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Ten rows: pieces of 8 and 2.
	wantInsertedBy(t, db, company.ID, "bulk-%", 1, 2)

	writes := make([]func() error, 5)
	for i := range writes {
		e := workEmployee(directory.NewID(), company.ID, fmt.Sprintf("group-%d@example.com", i))
		writes[i] = func() error { return s.CreateEmployee(ctx, &e, directory.Actor{}) }
	}
	errs, _ := inOneGroup(t, s, db, company.ID, writes...)
	for i, err := range errs {
		if err != nil {
			t.Errorf("grouped create %d: %v", i, err)
		}
	}
	// The first ran alone; the other four, grouped, went merged.
	wantInsertedBy(t, db, company.ID, "group-%", 2, 2)
	wantLiveCount(t, db, company.ID, n+len(writes))
}

// wantInsertedBy checks the subtransactions and the statements that
// inserted the company's employees whose userNames are like pattern.
func wantInsertedBy(t *testing.T, db *sql.DB, companyID, pattern string, subtransactions, statements int) {
	t.Helper()
	var xmins, cmins int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(DISTINCT xmin::text), COUNT(DISTINCT (xmin::text, cmin::text))
		FROM employees WHERE company_id = $1 AND user_name LIKE $2`, companyID, pattern).Scan(&xmins, &cmins); err != nil {
		t.Fatal(err)
	}
	if xmins != subtransactions || cmins != statements {
		t.Errorf("%s: inserted in %d subtransactions by %d statements; want %d and %d", pattern, xmins, cmins, subtransactions, statements)
	}
}

// A group whose merged creates fail after a write that ran before them
// in the same round trip (an update): the update stands, the creates are
// sent again unmerged from where they began, and the refused one alone
// fails.
func TestGroupedMergeFailsAfterAnUpdate(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	db := rawDB(t, u)
	refused := directory.NewID()
	if _, err := db.ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE status_changes ADD CONSTRAINT refused CHECK (employee_id <> '%s')`, refused)); err != nil {
		t.Fatal(err)
	}
	existing := workEmployee(directory.NewID(), company.ID, "existing@example.com")
	if err := s.CreateEmployee(ctx, &existing, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	first := workEmployee(directory.NewID(), company.ID, "first@example.com")
	writes := []func() error{
		func() error { return s.CreateEmployee(ctx, &first, directory.Actor{}) }, // alone, before the group
		func() error {
			_, err := s.UpdateEmployee(ctx, company.ID, existing.ID, directory.Actor{}, func(e *directory.Employee) error {
				e.Title = "Updated"
				return nil
			})
			return err
		},
	}
	for i, id := range []string{directory.NewID(), refused, directory.NewID()} {
		e := workEmployee(id, company.ID, fmt.Sprintf("after-%d@example.com", i))
		writes = append(writes, func() error { return s.CreateEmployee(ctx, &e, directory.Actor{}) })
	}
	errs, _ := inOneGroup(t, s, db, company.ID, writes...)
	for i, err := range errs {
		if (i == 3) != (err != nil) {
			t.Errorf("write %d: %v", i, err)
		}
	}
	got, err := s.Employee(ctx, company.ID, existing.ID)
	if err != nil || got.Title != "Updated" {
		t.Errorf("the update: %q, %v", got.Title, err)
	}
	wantLiveCount(t, db, company.ID, 4)
}
