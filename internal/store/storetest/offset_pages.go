package storetest

import (
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

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
	if err := s.SetGuardPolicy(e.ctx, c.ID, directory.GuardPolicy{Percent: 1, Min: 1, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
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
	all, total := e.list(c.ID, directory.EmployeeQuery{Limit: 100})
	if !slices.Equal(all, want) || total != len(want) {
		t.Fatalf("the list: %v (total %d); want %v", all, total, want)
	}
	for _, size := range []int{1, 2, 5} {
		for offset := 0; offset <= len(want); offset++ {
			got, total := e.list(c.ID, directory.EmployeeQuery{Offset: offset, Limit: size})
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
	var wrong, blocks int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (
		SELECT company_id, block, live FROM employee_blocks WHERE live <> 0
		EXCEPT SELECT company_id, seq >> 12, COUNT(*) FROM employees WHERE held_deleted_us IS NULL GROUP BY 1, 2) w`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT block) FROM employee_blocks WHERE live > 0`).Scan(&blocks); err != nil {
		t.Fatal(err)
	}
	if wrong != 0 || blocks < 10 {
		t.Fatalf("%d blocks' counts differ from their employees'; %d blocks hold employees, want 10 or more", wrong, blocks)
	}
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
