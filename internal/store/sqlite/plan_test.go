package sqlite

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/sqlstore"
)

func TestPragmas(t *testing.T) {
	s := openTest(t)
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"}, // FULL
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"temp_store", "2"},      // MEMORY: savepoints journal in memory
		{"cache_size", "-32768"}, // the writer's 32 MiB
	} {
		var got string
		if err := s.w.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("writer PRAGMA %s = %s; want %s", tc.pragma, got, tc.want)
		}
	}
	var only string
	if err := s.r.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&only); err != nil || only != "1" {
		t.Errorf("reader PRAGMA query_only = %q, %v; want 1", only, err)
	}
	if s.w.Stats().MaxOpenConnections != 1 {
		t.Errorf("writer pool allows %d connections; want 1", s.w.Stats().MaxOpenConnections)
	}
}

// companyWide matches a plan that searches the employees by their company
// alone.
var companyWide = regexp.MustCompile(`SEARCH e USING (COVERING )?INDEX \S+ \(company_id=\?\)`)

// TestQueryPlans checks that the filters Entra and Okta send, and the
// default listing, are answered from indexes.
func TestQueryPlans(t *testing.T) {
	s := openTest(t)
	for _, tc := range []struct {
		filter string
		index  string
	}{
		{`userName eq "a@example.com"`, "employees_user_name"},
		{`externalId eq "00ujl29u0le5T6Aj10h7"`, "COVERING INDEX employee_external_ids_value (company_id=? AND value=?)"},
		{`emails.value eq "a@example.com"`, "employee_emails_value"},
		{`emails[type eq "work"].value eq "a@example.com"`, "employee_emails_value"},
		{`phoneNumbers.value eq "+45 1"`, "employee_values_value (company_id=? AND attribute=? AND value_fold=?)"},
		{`phoneNumbers[type eq "mobile"].value eq "+45 1"`, "employee_values_value (company_id=? AND attribute=? AND value_fold=?)"},
		{`userName eq "a@example.com" and active eq true`, "employees_user_name"},
		{`id eq "0193f3c2-2b1e-7a4e-9e1a-0c8d3f2a1b4c"`, "id=?"},
	} {
		q := directory.EmployeeQuery{Limit: 100}
		if tc.filter != "" {
			expr, err := filter.Parse(schema.UserType(nil), tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			q.Filter = expr
		}
		bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), q, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, query := range []struct {
			sql  string
			args []any
		}{{bq.Count, bq.Args}, {bq.PageFew, bq.PageFewArgs}} {
			plan := explain(t, s, query.sql, query.args)
			if !strings.Contains(plan, tc.index) || strings.Contains(plan, "SCAN e\n") || strings.Contains(plan, "SCAN e ") {
				t.Errorf("filter %q: plan does not use %s:\n%s\n%s", tc.filter, tc.index, query.sql, plan)
			}
			// Nor reads the company's employees to find the few: an index
			// searched by the company alone is a scan of it.
			if companyWide.MatchString(plan) {
				t.Errorf("filter %q: plan reads the company's employees:\n%s\n%s", tc.filter, query.sql, plan)
			}
		}
		// The few matches are read directly: no temporary table of their
		// seqs beyond the filter's own lists.
		count, few := explain(t, s, bq.Count, bq.Args), explain(t, s, bq.PageFew, bq.PageFewArgs)
		if strings.Count(few, "LIST SUBQUERY") > strings.Count(count, "LIST SUBQUERY") {
			t.Errorf("filter %q: the page goes through a list of seqs:\n%s\n%s", tc.filter, bq.PageFew, few)
		}
	}
}

// TestQueryPlanDefaultOrder: Okta's import pages through the creation
// order, which the (company_id, seq) index serves without sorting.
func TestQueryPlanDefaultOrder(t *testing.T) {
	s := openTest(t)
	bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), directory.EmployeeQuery{Offset: 100, Limit: 100}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	plan := explain(t, s, bq.Page, bq.PageArgs)
	if !strings.Contains(plan, "employees_company_seq") || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("plan does not walk employees_company_seq:\n%s", plan)
	}
	plan = explain(t, s, bq.Count, bq.Args)
	if !strings.Contains(plan, "(company_id=?)") {
		t.Errorf("count does not use a company index:\n%s", plan)
	}
}

// TestQueryPlanDetails: reading employees seeks each table of their
// details by its primary key or an index, and scans none.
func TestQueryPlanDetails(t *testing.T) {
	s := openTest(t)
	for _, n := range []int{1, 3} {
		ids := make([]any, n)
		for i := range ids {
			ids[i] = directory.NewID()
		}
		for _, withProvenance := range []bool{false, true} {
			plan := explain(t, s, sqlstore.DetailsQuery(Dialect{}, n, withProvenance), sqlstore.DetailsArgs(ids, withProvenance))
			if strings.Contains(plan, "SCAN ") {
				t.Errorf("details of %d employees scan a table:\n%s", n, plan)
			}
			// Kept in their primary key's order (WITHOUT ROWID): one
			// seek each, no index then rows.
			for _, table := range []string{"employee_emails", "employee_external_ids", "employee_attribute_values"} {
				if !strings.Contains(plan, "SEARCH "+table+" USING PRIMARY KEY (employee_id=?)") {
					t.Errorf("%s of %d employees not read by primary key:\n%s", table, n, plan)
				}
			}
		}
	}
}

// TestQueryPlanSearchFlush: the search index's flush, run by every 64th
// employee write, seeks the pending employees by seq; it must not walk
// every employee (it did, and seeding a large company slowed with its
// size).
func TestQueryPlanSearchFlush(t *testing.T) {
	s := openTest(t)
	var trigger string
	if err := s.w.QueryRowContext(t.Context(), `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'employees_search_flush'`).Scan(&trigger); err != nil {
		t.Fatal(err)
	}
	_, insert, ok := strings.Cut(trigger, "INSERT INTO employees_trigrams (rowid, search_fold) ")
	if !ok {
		t.Fatalf("the flush inserts no trigrams: %s", trigger)
	}
	query, _, _ := strings.Cut(insert, ";")
	plan := explain(t, s, query, nil)
	if !strings.Contains(plan, "SCAN p") || !strings.Contains(plan, "SEARCH e USING INTEGER PRIMARY KEY") {
		t.Errorf("the flush does not seek the pending employees (%s):\n%s", query, plan)
	}
}

// TestQueryPlanPendingReferences: what a write reads of its company's
// pending references seeks the two partial indexes of them, which hold
// nothing else; it must not walk the company's employees or values. And
// its look for those its employee resolves seeks each key's.
func TestQueryPlanPendingReferences(t *testing.T) {
	s := openTest(t)
	c := directory.NewID()
	plan := explain(t, s, sqlstore.PendingFoldsQuery(Dialect{}), []any{c, c, 65})
	for _, index := range []string{"INDEX employees_manager_pending", "INDEX employee_attribute_values_pending"} {
		if !strings.Contains(plan, index) {
			t.Errorf("the pending references' read does not seek %s:\n%s", index, plan)
		}
	}
	args := []any{c, "e", "a", c, "e", "b", c, "e", "a", c, "e", "b"}
	plan = explain(t, s, sqlstore.PendingReferrersQuery(Dialect{}, 2), args)
	for _, seek := range []string{"INDEX employees_manager_pending (company_id=? AND manager_value_fold=?)", "INDEX employee_attribute_values_pending (company_id=? AND ref_fold=?)"} {
		if strings.Count(plan, seek) != 2 {
			t.Errorf("the pending referrers are not sought by each key in %s:\n%s", seek, plan)
		}
	}
}

func explain(t *testing.T, s *Store, query string, args []any) string {
	t.Helper()
	rows, err := s.r.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		b.WriteString(detail + "\n")
	}
	return b.String()
}

// TestQueryPlansCompanyAttributes: a filter on a company attribute seeks
// the index of its type's column, so date and number ranges are indexed.
func TestQueryPlansCompanyAttributes(t *testing.T) {
	s := openTest(t)
	defs := []directory.AttributeDef{
		{ID: directory.NewID(), Name: "Unit", Type: directory.TypeOption},
		{ID: directory.NewID(), Name: "Employed since", Aliases: []string{"Employed_Since"}, Type: directory.TypeDate},
		{ID: directory.NewID(), Name: "Level", Type: directory.TypeNumber},
		{ID: directory.NewID(), Name: "Mentor", Type: directory.TypeEmployee},
	}
	// Each typed index holds the values of its type alone (migration
	// 0036): an employee's value of one attribute is no entry of the
	// other types' indexes.
	for name, column := range map[string]string{"text": "text_fold", "number": "number_value", "date": "date_value", "ref": "ref_fold"} {
		var def string
		if err := s.w.QueryRowContext(t.Context(), `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, "employee_attribute_values_"+name).Scan(&def); err != nil {
			t.Fatal(name, err)
		}
		if !strings.HasSuffix(def, "(attribute_id, "+column+") WHERE "+column+" IS NOT NULL") {
			t.Errorf("index of %s values holds every value: %s", name, def)
		}
	}
	rt := schema.UserType(directory.CompanySchema(defs))
	for _, tc := range []struct {
		filter string
		index  string
	}{
		{`Unit eq "Sales"`, "COVERING INDEX employee_attribute_values_text (attribute_id=? AND text_fold=?)"},
		// LIKE cannot seek; an index leading with the attribute serves.
		{`Unit sw "Sa"`, "(attribute_id=?)"},
		{`Unit pr`, "COVERING INDEX employee_attribute_values_attribute (attribute_id=?)"},
		{`Employed_Since gt "2020-01-01"`, "COVERING INDEX employee_attribute_values_date (attribute_id=? AND date_value>?)"},
		{`Level le 3`, "COVERING INDEX employee_attribute_values_number (attribute_id=? AND number_value<?)"},
		{`Mentor eq "bob@example.com"`, "COVERING INDEX employee_attribute_values_ref (attribute_id=? AND ref_fold=?)"},
	} {
		expr, err := filter.Parse(rt, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), directory.EmployeeQuery{Filter: expr, Limit: 100}, defs, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, query := range []struct {
			sql  string
			args []any
		}{{bq.Count, bq.Args}, {bq.PageFew, bq.PageFewArgs}} {
			plan := explain(t, s, query.sql, query.args)
			if !strings.Contains(plan, tc.index) {
				t.Errorf("filter %q: plan does not use %s:\n%s\n%s", tc.filter, tc.index, query.sql, plan)
			}
		}
	}
}

// TestQueryPlanStatus: the console's status choice, asked as
// EmployeeQuery.Active, gets the plan the filter "active eq …" gets, with
// and without search words: the (company_id, active …) indexes serve it.
func TestQueryPlanStatus(t *testing.T) {
	s := openTest(t)
	for _, active := range []bool{true, false} {
		expr, err := filter.Parse(schema.UserType(nil), fmt.Sprintf("active eq %t", active))
		if err != nil {
			t.Fatal(err)
		}
		for _, search := range [][]string{nil, {"ada", "lovelace"}} {
			typed := directory.EmployeeQuery{Active: &active, Search: search, Descending: true, Limit: 50}
			byFilter := typed
			byFilter.Active, byFilter.Filter = nil, expr
			var plans [2][]string
			for i, q := range []directory.EmployeeQuery{typed, byFilter} {
				bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), q, nil, false)
				if err != nil {
					t.Fatal(err)
				}
				plans[i] = []string{explain(t, s, bq.Count, bq.Args), explain(t, s, bq.Page, bq.PageArgs), explain(t, s, bq.PageFew, bq.PageFewArgs)}
			}
			if !slices.Equal(plans[0], plans[1]) {
				t.Errorf("active %t, search %q: typed plans\n%s\ndiffer from the filter's\n%s", active, search, plans[0], plans[1])
			}
			if !strings.Contains(plans[0][0], "active=?") {
				t.Errorf("active %t, search %q: count does not seek on active:\n%s", active, search, plans[0][0])
			}
		}
	}
}

// TestWideReadsPacked: a page of employees and their details come as one
// column a row (Dialect.PacksRows), which the store unpacks: a column
// read costs modernc's driver more than most values are worth.
func TestWideReadsPacked(t *testing.T) {
	s := openTest(t)
	bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), directory.EmployeeQuery{Limit: 100}, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, query := range []struct {
		sql  string
		args []any
	}{
		{bq.Page, bq.PageArgs},
		{sqlstore.DetailsQuery(Dialect{}, 2, true), sqlstore.DetailsArgs([]any{"a", "b"}, true)},
	} {
		rows, err := s.r.QueryContext(t.Context(), query.sql, query.args...)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		rows.Close()
		if err != nil || len(cols) != 1 {
			t.Errorf("%d columns, %v; want 1 packed:\n%s", len(cols), err, query.sql)
		}
	}
}
