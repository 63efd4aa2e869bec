package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/postgres"
	"roster/internal/store/sqlstore"
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

// TestPlannerSeeksCompanyAttributeFilters: a filter on a company
// attribute seeks the index of its type's column — each typed index holds
// only the values of its type (migration 0031), which the filter's
// comparison implies — in a company of 20,000 employees with a value of
// each attribute.
func TestPlannerSeeksCompanyAttributeFilters(t *testing.T) {
	ctx := t.Context()
	s, u, c := openCompany(t)
	defs := []directory.AttributeDef{
		{Name: "Unit", Type: directory.TypeOption},
		{Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{Name: "Level", Type: directory.TypeNumber},
		{Name: "Mentor", Type: directory.TypeEmployee},
	}
	for i := range defs {
		defs[i].ID, defs[i].CompanyID = directory.NewID(), c.ID
		if err := s.CreateAttribute(ctx, &defs[i]); err != nil {
			t.Fatal(err)
		}
	}
	seed := rawTx(t, rawDB(t, u))
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`SET LOCAL session_replication_role = replica`, nil},
		{`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version)
			SELECT 'e' || g, $1, 'u' || g, 'u' || g, true, 0, 0, 0, 1 FROM generate_series(1, 20000) g`, []any{c.ID}},
		{`INSERT INTO employee_attribute_values (employee_id, attribute_id, company_id, text_value, text_fold)
			SELECT 'e' || g, $2, $1, 'unit ' || (g % 50), 'unit ' || (g % 50) FROM generate_series(1, 20000) g`, []any{c.ID, defs[0].ID}},
		{`INSERT INTO employee_attribute_values (employee_id, attribute_id, company_id, date_value)
			SELECT 'e' || g, $2, $1, to_char(DATE '2000-01-01' + g, 'YYYY-MM-DD') FROM generate_series(1, 20000) g`, []any{c.ID, defs[1].ID}},
		{`INSERT INTO employee_attribute_values (employee_id, attribute_id, company_id, number_value)
			SELECT 'e' || g, $2, $1, g FROM generate_series(1, 20000) g`, []any{c.ID, defs[2].ID}},
		{`INSERT INTO employee_attribute_values (employee_id, attribute_id, company_id, ref_value, ref_fold, ref_target_id)
			SELECT 'e' || g, $2, $1, 'u' || (g / 10), 'u' || (g / 10), 'e' || GREATEST(1, g / 10) FROM generate_series(1, 20000) g`, []any{c.ID, defs[3].ID}},
	} {
		if _, err := seed.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `ANALYZE employees, employee_attribute_values`); err != nil {
		t.Fatal(err)
	}
	// Each typed index holds the values of its type alone.
	for kind, column := range map[string]string{"text": "text_fold", "number": "number_value", "date": "date_value", "ref": "ref_fold"} {
		var def string
		name := "employee_attribute_values_" + kind
		if err := s.DB().QueryRowContext(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1`, name).Scan(&def); err != nil {
			t.Fatal(name, err)
		}
		if !strings.Contains(def, "(attribute_id, "+column+") WHERE ("+column+" IS NOT NULL)") {
			t.Errorf("%s holds every value: %s", name, def)
		}
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	for _, tc := range []struct {
		filter string
		index  string
	}{
		{`Unit eq "unit 7"`, "employee_attribute_values_text"},
		{`Employed_Since gt "2054-01-01"`, "employee_attribute_values_date"},
		{`Level le 3`, "employee_attribute_values_number"},
		{`Mentor eq "u7"`, "employee_attribute_values_ref"},
	} {
		expr, err := filter.Parse(rt, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		bq, err := sqlstore.BuildEmployeesQuery(postgres.Dialect{}, c.ID, directory.EmployeeQuery{Filter: expr, Limit: 100}, defs, false)
		if err != nil {
			t.Fatal(err)
		}
		if plan := explain(t, s.DB(), "EXPLAIN "+bq.Count, bq.Args); !strings.Contains(plan, tc.index) {
			t.Errorf("filter %q: the count does not seek %s:\n%s\n%s", tc.filter, tc.index, bq.Count, plan)
		}
	}
}

// TestPlannerSeeksPendingReferrersByValue: a write's look for the pending
// references its employee resolves seeks each of its keys in the partial
// index of pending managers — in a new company's first Batch, whose
// earlier creates resolved a thousand of them, which left a thousand
// dead entries there until it commits, in a database whose statistics
// know another company's 20,000 employees and none of the new one's.
// Asked with an IN list (checked too: otherwise the test could not tell),
// PostgreSQL read the company's whole part of the index and filtered it.
func TestPlannerSeeksPendingReferrersByValue(t *testing.T) {
	s, u, c := openCompany(t)
	other := directory.Company{ID: directory.NewID(), Name: "Globex"}
	if err := s.CreateCompany(t.Context(), &other); err != nil {
		t.Fatal(err)
	}
	seed := rawTx(t, rawDB(t, u))
	for _, q := range []string{
		`SET LOCAL session_replication_role = replica`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version)
			SELECT 'o' || g, $1, 'o' || g, 'o' || g, true, 0, 0, 0, 1 FROM generate_series(1, 20000) g`,
	} {
		args := []any{other.ID}
		if !strings.Contains(q, "$1") {
			args = nil
		}
		if _, err := seed.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(t.Context(), `ANALYZE employees`); err != nil {
		t.Fatal(err)
	}
	tx := rawTx(t, rawDB(t, u))
	for _, q := range []string{
		`SET LOCAL session_replication_role = replica`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version, manager_value, manager_value_fold)
			SELECT 'e' || g, $1, 'u' || g, 'u' || g, true, 0, 0, 0, 1, 'u' || (g + 1), 'u' || (g + 1) FROM generate_series(1, 1000) g`,
		`UPDATE employees SET manager_id = 'e' || (seq + 1) WHERE company_id = $1`,
	} {
		args := []any{c.ID}
		if !strings.Contains(q, "$1") {
			args = nil
		}
		if _, err := tx.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatal(err)
		}
	}
	keys := []any{"u2001", "u2001@example.com"}
	var args []any
	for range 2 {
		for _, k := range keys {
			args = append(args, c.ID, "e2000", k)
		}
	}
	plan := explain(t, tx, `EXPLAIN `+sqlstore.PendingReferrersQuery(postgres.Dialect{}, len(keys)), args)
	if !strings.Contains(plan, "Index Scan using employees_manager_pending on employees") || !seeksByValue(plan) {
		t.Errorf("the pending referrers are not sought by value:\n%s", plan)
	}
	inList := `EXPLAIN SELECT seq FROM employees WHERE company_id = $1 AND id <> $2 AND manager_id IS NULL AND manager_value_fold IS NOT NULL AND manager_value_fold IN ($3, $4)`
	if plan := explain(t, tx, inList, []any{c.ID, "e2000", keys[0], keys[1]}); seeksByValue(plan) {
		t.Errorf("with an IN list the referrers are sought by value as well; the test cannot tell:\n%s", plan)
	}
}

// seeksByValue reports whether a plan's index conditions name the
// pending managers' values.
func seeksByValue(plan string) bool {
	for line := range strings.Lines(plan) {
		if strings.Contains(line, "Index Cond:") && strings.Contains(line, "manager_value_fold") {
			return true
		}
	}
	return false
}
