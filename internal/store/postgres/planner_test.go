package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// TestPlannerSeeksAPagesDetails: on roster's connections (planner.go) the
// details of a page of Okta's import — the emails of 500 employees by id,
// in a company of 20,000 — are sought through the index, not read by
// scanning every email and hashing the 500 ids, as PostgreSQL plans it
// with its default random_page_cost (checked too: otherwise the test
// could not tell).
func TestPlannerSeeksAPagesDetails(t *testing.T) {
	ctx := t.Context()
	s, u, c := openCompany(t)
	// Rows written directly, with triggers off (the company's live count
	// is not what this test is about, and kept row by row it took seconds).
	seed := rawTx(t, rawDB(t, u))
	for _, q := range []string{
		`SET LOCAL session_replication_role = replica`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version)
			SELECT 'e' || g, $1, 'u' || g, 'u' || g, true, 0, 0, 0, 1 FROM generate_series(1, 20000) g`,
		`INSERT INTO employee_emails (employee_id, company_id, position, value, value_fold, is_primary)
			SELECT 'e' || g, $1, 0, 'u' || g || '@example.com', 'u' || g || '@example.com', true FROM generate_series(1, 20000) g`,
	} {
		args := []any{c.ID}
		if !strings.Contains(q, "$1") {
			args = nil
		}
		if _, err := seed.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `ANALYZE employees, employee_emails`); err != nil {
		t.Fatal(err)
	}
	marks, ids := make([]string, 500), make([]any, 500)
	for i := range ids {
		marks[i], ids[i] = fmt.Sprintf("$%d", i+1), fmt.Sprintf("e%d", 7000+i)
	}
	query := `EXPLAIN SELECT employee_id, value FROM employee_emails WHERE employee_id IN (` + strings.Join(marks, ", ") + `)`
	if plan := explain(t, s.DB(), query, ids); strings.Contains(plan, "Seq Scan") {
		t.Errorf("roster's connections scan the emails for a page's details:\n%s", plan)
	}
	if plan := explain(t, rawDB(t, u+"&random_page_cost=4"), query, ids); !strings.Contains(plan, "Seq Scan") {
		t.Errorf("with PostgreSQL's default random_page_cost the emails are sought as well; the test cannot tell:\n%s", plan)
	}
}

// explain returns the lines of an EXPLAIN on db.
func explain(t *testing.T, db queryer, query string, args []any) string {
	t.Helper()
	return strings.Join(firstColumn(t, db, query, args), "\n")
}

// queryer is a *sql.DB, or a *sql.Conn.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// firstColumn returns the texts of the first column of query's rows on db.
func firstColumn(t *testing.T, db queryer, query string, args []any) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var texts []string
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		texts = append(texts, text)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return texts
}
