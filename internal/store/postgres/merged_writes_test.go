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
