package storetest

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"roster/internal/directory"
)

// offsetPageTests check that a page at an offset (SCIM's startIndex,
// jumped to) is the list's slice there, however the store finds where it
// starts.
var offsetPageTests = []test{
	{"SliceOfTheList", func(t *testing.T, e *env) {
		OffsetPagesAgree(t, e.s, nil)
	}},
}

// OffsetPagesAgree fills a company through every kind of write that adds
// or takes away an employee of its list — single creates, a Batch's
// creates (one of them failing, and so rolled back) and deletes, single
// deletes, deletes the guard holds and a create restoring one of them,
// and another company's creates in
// between — then checks that each page of its unfiltered list, at every
// offset and of several sizes, is the whole list's slice there, with the
// right total. between runs before each write: a backend's own test may
// spread the employees' creation numbers there (PostgreSQL's blocks of
// seq_blocks.go).
func OffsetPagesAgree(t *testing.T, s directory.Store, between func()) {
	t.Helper()
	e := &env{t: t, s: s, ctx: t.Context()}
	step := func() {
		if between != nil {
			between()
		}
	}
	c, other := e.company("Acme"), e.company("Globex")
	okta := e.connection(c.ID, "Okta")
	by := directory.Actor{ConnectionID: okta.ID}
	// The guard holds Okta's deletes from the second on.
	e.guardFromSecond(c.ID)
	var staff []directory.Employee
	for i := range 12 {
		step()
		staff = append(staff, e.employeeBy(c.ID, fmt.Sprintf("single%02d", i), by))
		if i%3 == 0 {
			step()
			e.employee(other.ID, fmt.Sprintf("other%02d", i))
		}
	}
	step()
	err := s.Batch(e.ctx, c.ID, func(b directory.Batch) error {
		for i := range 10 {
			name := fmt.Sprintf("batch%02d", i)
			if i == 4 {
				name = "SINGLE03" // taken: rolled back alone
			}
			emp := directory.Employee{ID: directory.NewID(), UserName: name, Active: true}
			err := b.CreateEmployee(e.ctx, &emp, directory.Actor{})
			if (err != nil) != (i == 4) {
				t.Errorf("create %s in the batch: %v", name, err)
			}
			if i == 7 {
				if err := b.DeleteEmployee(e.ctx, staff[5].ID, directory.Actor{}, nil); err != nil {
					t.Errorf("delete in the batch: %v", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 8} {
		step()
		if err := s.DeleteEmployee(e.ctx, c.ID, staff[i].ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, i := range []int{2, 10, 11} { // the first applies, the others are held
		step()
		if err := s.DeleteEmployee(e.ctx, c.ID, staff[i].ID, by, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Okta's create of a held one restores it, where it was.
	step()
	e.employeeBy(c.ID, "single11", by)
	holds, err := s.GuardHolds(e.ctx, c.ID)
	if err != nil || len(holds) != 1 || holds[0].EmployeeID != staff[10].ID {
		t.Fatalf("guard holds %+v, %v; want single10's delete", holds, err)
	}
	step()
	e.employee(c.ID, "last")

	want := []string{"single01", "single03", "single04", "single06", "single07", "single09", "single11"}
	for i := range 10 {
		if i != 4 {
			want = append(want, fmt.Sprintf("batch%02d", i))
		}
	}
	want = append(want, "last")
	e.pagesAgree(c.ID, want)
}

// pagesAgree checks that the company's list is want, and that each page
// of it at every offset, of several sizes, is want's slice there, with
// the right total.
func (e *env) pagesAgree(companyID string, want []string) {
	t := e.t
	t.Helper()
	all, total := e.list(companyID, directory.EmployeeQuery{Limit: 100})
	if !slices.Equal(all, want) || total != len(want) {
		t.Fatalf("the list: %v (total %d); want %v", all, total, want)
	}
	for _, size := range []int{1, 2, 5} {
		for offset := 0; offset <= len(want); offset++ {
			got, total := e.list(companyID, directory.EmployeeQuery{Offset: offset, Limit: size})
			end := min(offset+size, len(want))
			if !slices.Equal(got, want[offset:end]) || total != len(want) {
				t.Errorf("page at %d of %d: %v (total %d); want %v", offset, size, got, total, want[offset:end])
			}
		}
	}
}

// SeqBlocksAgree is OffsetPagesAgree where spread moves the creation
// numbers on between writes (so that the employees fall into many blocks
// of employee_blocks, migration 0028), then checks through db, the
// store's database, that the blocks' counts are the employees' after
// every kind of write, and that a page at an offset does start from
// them: made wrong on purpose, they move it.
func SeqBlocksAgree(t *testing.T, s directory.Store, db *sql.DB, spread func()) {
	t.Helper()
	ctx := t.Context()
	OffsetPagesAgree(t, s, spread)
	blocksCounted(t, db, 10)
	var companyID string
	if err := db.QueryRowContext(ctx, `SELECT id FROM companies WHERE name = 'Acme'`).Scan(&companyID); err != nil {
		t.Fatal(err)
	}
	page := func() string {
		t.Helper()
		list, _, err := s.Employees(ctx, companyID, directory.EmployeeQuery{Offset: 10, Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("page at 10: %v, %v", list, err)
		}
		return list[0].UserName
	}
	before := page()
	// One employee more counted in the company's first block: the page at
	// 10 starts one employee earlier. (The id is a UUID the store made:
	// spliced, the statement needs no placeholder of either backend.)
	if _, err := db.ExecContext(ctx, `UPDATE employee_blocks SET live = live + 1 WHERE company_id = '`+companyID+
		`' AND block = (SELECT MIN(block) FROM employee_blocks WHERE company_id = '`+companyID+`')`); err != nil {
		t.Fatal(err)
	}
	if after := page(); after == before {
		t.Errorf("the page at 10 is %s with its blocks' counts wrong too: not read from its block", after)
	}
}

// blocksCounted checks through db that employee_blocks counts each
// block's live employees, and that at least atLeast blocks hold some.
func blocksCounted(t *testing.T, db *sql.DB, atLeast int) {
	t.Helper()
	wrong := countRows(t, db, keptBlocks+` EXCEPT `+recountedBlocks)
	blocks := countRows(t, db, `SELECT DISTINCT block FROM employee_blocks WHERE live > 0`)
	if wrong != 0 || blocks < atLeast {
		t.Fatalf("%d blocks' counts differ from their employees'; %d blocks hold employees, want %d or more", wrong, blocks, atLeast)
	}
}

// keptBlocks selects the blocks' counts as employee_blocks keeps them
// (those not 0), recountedBlocks as the live employees have them.
const (
	keptBlocks      = `SELECT company_id, block, live FROM employee_blocks WHERE live <> 0`
	recountedBlocks = `SELECT company_id, seq >> 12, COUNT(*) FROM employees WHERE held_deleted_us IS NULL GROUP BY 1, 2`
)

// countRows returns how many rows query selects on db.
func countRows(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM (`+query+`) q`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// SeqBlocksMigrationSeed returns what a backend's test writes into a
// database migrated up to 0027 (no blocks): employees whose creation
// numbers are spread over six blocks — company c1's a to g, f's delete
// held by the guard, and c2's x between them. overriding is what the
// backend needs written before VALUES to give seq a value of its own
// (PostgreSQL's identity column: OVERRIDING SYSTEM VALUE).
func SeqBlocksMigrationSeed(overriding string) []string {
	seed := []string{`INSERT INTO companies (id, name, created_us) VALUES ('c1', 'Acme', 1), ('c2', 'Globex', 1)`}
	for _, e := range []struct {
		seq               int
		company, userName string
	}{{1, "c1", "a"}, {5000, "c1", "b"}, {5001, "c2", "x"}, {9000, "c1", "c"}, {13000, "c1", "d"}, {20000, "c1", "e"}, {20001, "c1", "f"}, {40000, "c1", "g"}} {
		seed = append(seed, fmt.Sprintf(`INSERT INTO employees (seq, id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version) %s
			VALUES (%d, 'e%s', '%s', '%s', '%s', TRUE, 1, 1, 1, 1)`, overriding, e.seq, e.userName, e.company, e.userName, e.userName))
	}
	return append(seed,
		`UPDATE employees SET held_deleted_us = 7 WHERE id = 'ef'`,
		`INSERT INTO guard_holds (company_id, connection_id, employee_id, kind, at_us, user_name_fold) VALUES ('c1', 'okta', 'ef', '`+directory.GuardDelete+`', 7, 'f')`,
		`UPDATE companies SET live_employees = (SELECT COUNT(*) FROM employees e WHERE e.company_id = companies.id AND e.held_deleted_us IS NULL)`)
}

// SeqBlocksMigration checks the store that migration 0028 made of
// SeqBlocksMigrationSeed (db is its database): the blocks count each
// block's live employees, and every page of c1's list at an offset is
// the list's slice.
func SeqBlocksMigration(t *testing.T, s directory.Store, db *sql.DB) {
	blocksCounted(t, db, 6)
	e := &env{t: t, s: s, ctx: t.Context()}
	e.pagesAgree("c1", []string{"a", "b", "c", "d", "e", "g"})
}
