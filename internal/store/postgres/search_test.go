package postgres_test

import (
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/sqlstore"
)

// TestMigrateSearch: 0005 fills search_fold for the employees stored
// before it, as SearchFold would have. The employees are written by the
// current store, then the column and the record of 0005 are dropped, so
// that reopening runs 0005 on them.
func TestMigrateSearch(t *testing.T) {
	ctx := t.Context()
	s, u := openSchema(t)
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range []directory.Employee{
		{UserName: "Ada@X", Name: directory.Name{GivenName: "Ada", FamilyName: "Lövelace"},
			Emails: []directory.Email{{Value: "Countess@Engine"}, {Value: "ADA@X", Primary: true}}},
		{UserName: "grace@x", Name: directory.Name{FamilyName: "HOPPER"}},
	} {
		e.ID, e.CompanyID = directory.NewID(), c.ID
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	s.Close()
	db := rawDB(t, u)
	for _, q := range []string{
		`ALTER TABLE employees DROP COLUMN search_fold`,
		`DELETE FROM schema_migrations WHERE name = '0005_search.sql'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	s, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range ids {
		e, err := s.Employee(ctx, c.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.QueryRowContext(ctx, `SELECT search_fold FROM employees WHERE id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := sqlstore.SearchFold(&e); got != want {
			t.Errorf("%s: search_fold %q; want %q", e.UserName, got, want)
		}
	}
	_, total, err := s.Employees(ctx, c.ID, directory.EmployeeQuery{Search: []string{"LÖVELACE", "countess"}})
	if err != nil || total != 1 {
		t.Errorf("Search after the migration: %d, %v; want 1", total, err)
	}
}

// TestSearchIndex: Open gives search_fold its trigram index (pgtest
// installs pg_trgm), which a search can use, and reopening keeps it.
func TestSearchIndex(t *testing.T) {
	ctx := t.Context()
	s, u := openSchema(t)
	s.Close()
	s, err := postgres.Open(ctx, u, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := rawDB(t, u)
	tx := rawTx(t, db)
	// An empty table is best scanned: ask for an index.
	if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
		t.Fatal(err)
	}
	rows, err := tx.QueryContext(ctx, `EXPLAIN SELECT e.seq FROM employees e WHERE e.search_fold LIKE '%lovelace%' ESCAPE '\'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan.String(), "employees_search_trgm") {
		t.Errorf("a search cannot use employees_search_trgm:\n%s", plan.String())
	}
}
