package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
	"roster/internal/store/sqlstore"
)

// seedSearch creates n employees of a new company in one batch, every one
// a "Common", their names and emails numbered, plus "Ada Lovelace".
func seedSearch(t *testing.T, s *Store, n int) directory.Company {
	t.Helper()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(t.Context(), &c); err != nil {
		t.Fatal(err)
	}
	// One write each, so that the index holds every 64th write's flush
	// and no more (a Batch leaves its employees to the committer's
	// catch-up, which runs when it will).
	for i := range n {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("user%04d@acme.example", i), Active: i%3 != 0,
			Name:   directory.Name{GivenName: fmt.Sprintf("Given%04d", i), FamilyName: fmt.Sprintf("Common%02d", i%50)},
			Emails: []directory.Email{{Value: fmt.Sprintf("U%04d@Mail.Test", i)}}}
		if i == n/2 {
			e.Name = directory.Name{GivenName: "Ada", FamilyName: "Lovelace"}
		}
		if err := s.CreateEmployee(t.Context(), &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// TestSearchNarrowAgreesWithScan: starting from the trigram index's
// candidates finds what testing every employee finds, for words of every
// length, with and without a filter, on every page.
func TestSearchNarrowAgreesWithScan(t *testing.T) {
	s := openTest(t)
	c := seedSearch(t, s, 300)
	inactive, err := filter.Parse(schema.UserType(nil), "active eq false")
	if err != nil {
		t.Fatal(err)
	}
	for _, words := range [][]string{
		{"lovelace"}, {"LOVE", "ada"}, {"common1"}, {"common"}, {"COMMON07", "given"}, {"mail.test"}, {"u01"},
		{"01"}, {"x"}, {"nobody"}, {"ada", "common"}, {"given00", "0"}, {"ÖST"}, {"%"}, {"e_0"},
	} {
		for _, f := range []filter.Expr{nil, inactive} {
			for _, offset := range []int{0, 7} {
				q := directory.EmployeeQuery{Search: words, Filter: f, Descending: true, Offset: offset, Limit: 10}
				var got [2]string
				for i, narrow := range []bool{false, true} {
					bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, c.ID, q, nil, narrow)
					if err != nil {
						t.Fatal(err)
					}
					var total int
					if err := s.r.QueryRowContext(t.Context(), bq.Count, bq.Args...).Scan(&total); err != nil {
						t.Fatal(err)
					}
					got[i] = fmt.Sprint(total, seqs(t, s.r, bq.PageFew, bq.PageFewArgs), seqs(t, s.r, bq.Page, bq.PageArgs))
				}
				if got[0] != got[1] {
					t.Errorf("Search %q, filter %v, offset %d: scanning finds %s, the index %s", words, f, offset, got[0], got[1])
				}
			}
		}
	}
}

func seqs(t *testing.T, db *sql.DB, query string, args []any) string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		e, err := scanID(rows)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, ",")
}

// searchTotal counts the company's employees matching the search words
// with the query BuildEmployeesQuery compiles, narrow or not.
func searchTotal(t *testing.T, s *Store, companyID string, words []string, narrow bool) int {
	t.Helper()
	bq, err := sqlstore.BuildEmployeesQuery(Dialect{}, companyID, directory.EmployeeQuery{Search: words}, nil, narrow)
	if err != nil {
		t.Fatal(err)
	}
	var total int
	if err := s.r.QueryRowContext(t.Context(), bq.Count, bq.Args...).Scan(&total); err != nil {
		t.Fatal(err)
	}
	return total
}

// scanID reads the seq and id of a row of the employees page, whose
// columns SQLite reads packed in one (Dialect.PacksRows).
func scanID(rows *sql.Rows) (string, error) {
	var row string
	if err := rows.Scan(&row); err != nil {
		return "", err
	}
	var cols []any
	if err := json.Unmarshal([]byte(row), &cols); err != nil || len(cols) < 2 {
		return "", fmt.Errorf("row %.60q: %v", row, err)
	}
	return fmt.Sprint(cols[0], ":", cols[1]), nil
}

// TestSearchManyCandidates: a word the index finds too often for its
// candidates to pay (more than maxCandidates) is answered by scanning the
// company, with the same results.
func TestSearchManyCandidates(t *testing.T) {
	s := openTest(t)
	const n = 2100
	c := seedSearch(t, s, n)
	for _, tc := range []struct {
		words []string
		total int
		first string
	}{
		{[]string{"mail.test"}, n, "user2099@acme.example"},
		{[]string{"COMMON", "mail"}, n - 1, "user2099@acme.example"}, // not Ada Lovelace
		{[]string{"common07"}, n / 50, "user2057@acme.example"},
		{[]string{"Lovelace", "common"}, 0, ""},
		{[]string{"lovelace", "ada@"}, 0, ""},
		{[]string{"lovelace", "U1050"}, 1, "user1050@acme.example"},
	} {
		page, total, err := s.Employees(t.Context(), c.ID, directory.EmployeeQuery{Search: tc.words, Descending: true, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		first := ""
		if len(page) > 0 {
			first = page[0].UserName
		}
		if total != tc.total || first != tc.first {
			t.Errorf("Search %q: %d employees, first %q; want %d, %q", tc.words, total, first, tc.total, tc.first)
		}
	}
}

// TestSearchPlans: a search starts from the trigram index's candidates
// when narrow, and otherwise scans the employees_search index, never the
// table.
func TestSearchPlans(t *testing.T) {
	s := openTest(t)
	for _, f := range []string{"", "active eq false"} {
		q := directory.EmployeeQuery{Search: []string{"ada", "lovelace"}, Descending: true, Limit: 50}
		if f != "" {
			expr, err := filter.Parse(schema.UserType(nil), f)
			if err != nil {
				t.Fatal(err)
			}
			q.Filter = expr
		}
		narrow, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), q, nil, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, query := range []string{narrow.Count, narrow.Page, narrow.PageFew} {
			args := narrow.Args
			switch query {
			case narrow.Page:
				args = narrow.PageArgs
			case narrow.PageFew:
				args = narrow.PageFewArgs
			}
			plan := explain(t, s, query, args)
			if !strings.Contains(plan, "SCAN sc VIRTUAL TABLE") && !strings.Contains(plan, "SCAN employees_trigrams VIRTUAL TABLE") ||
				!strings.Contains(plan, "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)") || strings.Contains(plan, "employees_company") {
				t.Errorf("filter %q: narrow search does not start from the candidates:\n%s\n%s", f, query, plan)
			}
		}
		scan, err := sqlstore.BuildEmployeesQuery(Dialect{}, directory.NewID(), q, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, query := range []string{scan.Count, scan.PageFew} {
			args := scan.Args
			if query != scan.Count {
				args = scan.PageFewArgs
			}
			if plan := explain(t, s, query, args); !strings.Contains(plan, "USING COVERING INDEX employees_search") {
				t.Errorf("filter %q: search does not scan employees_search:\n%s\n%s", f, query, plan)
			}
		}
	}
}

// TestMigrateSearch: 0005 fills search_fold and the trigram index for the
// employees stored before it, as SearchFold would have.
func TestMigrateSearch(t *testing.T) {
	ctx := t.Context()
	s := openSeeded(t, "0005", []string{
		`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1)`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, given_name, given_name_fold, family_name, family_name_fold, active, status_changed_us, created_us, modified_us, version)
		VALUES ('e1', 'c1', 'Ada@X', 'ada@x', 'Ada', 'ada', 'Lövelace', 'lövelace', 1, 1, 1, 1, 1),
		('e2', 'c1', 'grace@x', 'grace@x', NULL, NULL, 'HOPPER', 'hopper', 1, 1, 1, 1, 1)`,
		`INSERT INTO employee_emails (employee_id, company_id, position, value, value_fold, is_primary)
		VALUES ('e1', 'c1', 1, 'Countess@Engine', 'countess@engine', 0), ('e1', 'c1', 0, 'ADA@X', 'ada@x', 1)`,
	})
	for _, id := range []string{"e1", "e2"} {
		e, err := s.Employee(ctx, "c1", id)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := s.r.QueryRowContext(ctx, `SELECT search_fold FROM employees WHERE id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := sqlstore.SearchFold(&e); got != want {
			t.Errorf("%s: search_fold %q; want %q", id, got, want)
		}
	}
	for _, tc := range []struct {
		words []string
		total int
	}{{[]string{"LÖVELACE"}, 1}, {[]string{"countess", "ada"}, 1}, {[]string{"hopper"}, 1}, {[]string{"x"}, 2}, {[]string{"nobody"}, 0}} {
		for _, narrow := range []bool{false, true} {
			total := searchTotal(t, s, "c1", tc.words, narrow)
			if total != tc.total {
				t.Errorf("Search %q (narrow %v) after the migration: %d; want %d", tc.words, narrow, total, tc.total)
			}
		}
	}
}

// TestSearchIndexFollowsWrites: updates and deletes reach the trigram
// index, whether the employee was indexed already or still pending, and
// whether the pending ones were flushed since.
func TestSearchIndexFollowsWrites(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	c := seedSearch(t, s, 100) // 64 indexed, 36 pending
	page, _, err := s.Employees(ctx, c.ID, directory.EmployeeQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	rename := func(i int, family string) {
		t.Helper()
		if _, err := s.UpdateEmployee(ctx, c.ID, page[i].ID, directory.Actor{}, func(e *directory.Employee) error {
			e.Name.FamilyName = family
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(i int) {
		t.Helper()
		if err := s.DeleteEmployee(ctx, c.ID, page[i].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	rename(3, "Indexed-Renamed")
	rename(70, "Pending-Renamed")
	remove(5)
	remove(80)
	check := func(when string) {
		t.Helper()
		for _, tc := range []struct {
			word  string
			total int
		}{
			{"indexed-renamed", 1}, {"pending-renamed", 1}, {"renamed", 2},
			{"given0003", 1}, {"given0070", 1}, {"given0005", 0}, {"given0080", 0},
			{"common03", 1}, {"common20", 1}, {"common05", 1}, {"common30", 1},
		} {
			for _, narrow := range []bool{false, true} {
				total := searchTotal(t, s, c.ID, []string{tc.word}, narrow)
				if total != tc.total {
					t.Errorf("%s: Search %q (narrow %v) finds %d; want %d", when, tc.word, narrow, total, tc.total)
				}
			}
		}
	}
	check("before the flush")
	var pending int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees_search_pending`).Scan(&pending); err != nil || pending != 38 {
		t.Fatalf("%d employees pending (%v); want 38", pending, err)
	}
	more := seedSearch(t, s, 30) // another company: the index is shared
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees_search_pending`).Scan(&pending); err != nil || pending != 4 {
		t.Fatalf("%d employees pending (%v); want 4", pending, err)
	}
	check("after the flush")
	_, total, err := s.Employees(ctx, more.ID, directory.EmployeeQuery{Search: []string{"lovelace"}})
	if err != nil || total != 1 {
		t.Errorf("the other company's Lovelace: %d, %v; want 1", total, err)
	}
}

// TestSearchIndexRollback: a flush of the pending employees into the
// trigram index that a savepoint (a failed Batch call) or a transaction
// rolls back leaves the index and the pending list as they were.
func TestSearchIndexRollback(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	c := seedSearch(t, s, 63) // all pending
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	n := 0
	add := func(userName string) {
		t.Helper()
		n++
		res, err := tx.ExecContext(ctx, `INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version, search_fold)
			VALUES (?, ?, ?, ?, 1, 1, 1, 1, 1, ?)`, fmt.Sprint("raw", n), c.ID, userName, userName, userName)
		if err != nil {
			t.Fatal(err)
		}
		seq, err := res.LastInsertId()
		if err != nil {
			t.Fatal(err)
		}
		// What the store runs after a create (migration 0033).
		for _, statement := range (Dialect{}).CountCreate() {
			if _, err := tx.ExecContext(ctx, statement, c.ID, seq); err != nil {
				t.Fatal(err)
			}
		}
	}
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := tx.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	indexed := func(trigram string) int {
		return count(`SELECT COUNT(*) FROM employees_trigrams WHERE employees_trigrams MATCH ?`, `"`+trigram+`"`)
	}
	exec := func(q string) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	exec("SAVEPOINT call")
	add("zzzqqq") // the 64th: flushes
	if p, z := count(`SELECT COUNT(*) FROM employees_search_pending`), indexed("zzq"); p != 0 || z != 1 {
		t.Fatalf("after the flush: %d pending, zzq indexed %d times; want 0, 1", p, z)
	}
	exec("ROLLBACK TO SAVEPOINT call")
	exec("RELEASE SAVEPOINT call")
	if p, z, l := count(`SELECT COUNT(*) FROM employees_search_pending`), indexed("zzq"), indexed("lov"); p != 63 || z != 0 || l != 0 {
		t.Fatalf("after rolling the flush back: %d pending, zzq %d, lov %d; want 63, 0, 0", p, z, l)
	}
	add("yyyqqq")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		word  string
		total int
	}{{"zzzqqq", 0}, {"yyyqqq", 1}, {"lovelace", 1}, {"given00", 62}} {
		for _, narrow := range []bool{false, true} {
			total := searchTotal(t, s, c.ID, []string{tc.word}, narrow)
			if total != tc.total {
				t.Errorf("Search %q (narrow %v) finds %d; want %d", tc.word, narrow, total, tc.total)
			}
		}
	}
	var pending int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees_search_pending`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("%d pending (%v) after the flush; want 0", pending, err)
	}
}
