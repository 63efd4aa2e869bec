package postgres_test

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/storetest"
)

// A page at an offset starts at the block of creation numbers holding its
// first employee (sqlstore's seq_blocks.go, migration 0028). The
// employees are spread over a dozen blocks or more by moving the creation
// sequence on between writes; every page at every offset is still the
// list's slice, the blocks' counts are the employees' after every kind
// of write, and the page does start from the blocks: made wrong on
// purpose, they move it.
func TestPagesStartAtTheirBlock(t *testing.T) {
	s, _ := pgtest.Open(t)
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	db := s.DB()
	jumps := []int{5000, 40, 4096, 1, 9000}
	n := 0
	spread := func() {
		n++
		if _, err := db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('employees', 'seq'), nextval(pg_get_serial_sequence('employees', 'seq')) + $1)`, jumps[n%len(jumps)]); err != nil {
			t.Fatal(err)
		}
	}
	storetest.OffsetPagesAgree(t, s, spread)

	var wrong int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (
		SELECT company_id, block, live FROM employee_blocks WHERE live <> 0
		EXCEPT SELECT company_id, seq >> 12, COUNT(*) FROM employees WHERE held_deleted_us IS NULL GROUP BY 1, 2) w`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	var blocks int
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
	// 10 starts one employee earlier.
	if _, err := db.ExecContext(ctx, `UPDATE employee_blocks SET live = live + 1 WHERE company_id = $1 AND block = (SELECT MIN(block) FROM employee_blocks WHERE company_id = $1)`, companyID); err != nil {
		t.Fatal(err)
	}
	if after := page(); after == before {
		t.Errorf("the page at 10 is %s with its blocks' counts wrong too: not read from its block", after)
	}
}
