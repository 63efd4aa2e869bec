package sqlite

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

// A commit's WAL frames are written together, and each commit is in the
// file for the readers (another connection, as another process would be)
// as soon as it returns.
func TestWALWritesGathered(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	c := newCompany(t, s)
	writes, written := walWrites.Load(), walWritten.Load()
	for i := range 50 {
		e := directory.Employee{ID: directory.NewEmployeeID(), CompanyID: c.ID, UserName: fmt.Sprintf("e%d@example.com", i), Active: true}
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE company_id = ?`, c.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != i+1 {
			t.Fatalf("a reader sees %d employees after %d creates", n, i+1)
		}
	}
	writes, written = walWrites.Load()-writes, walWritten.Load()-written
	t.Logf("50 creates: SQLite wrote to the WAL %d times, in %d system calls", writes, written)
	if writes < 50*20 || written > 50*2 {
		t.Errorf("50 creates: SQLite wrote to the WAL %d times, in %d system calls; want at least 1,000 in at most 100", writes, written)
	}
}

// A transaction of more than the 128 KiB SQLite's unix VFS writes at a
// time is written whole.
func TestWALWritesOfABigTransaction(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE big (b BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const rows, size = 2000, 3000
	if _, err := s.w.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO big (b) SELECT randomblob(?) FROM n`, rows, size); err != nil {
		t.Fatal(err)
	}
	var n, total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*), SUM(length(b)) FROM big`).Scan(&n, &total); err != nil {
		t.Fatal(err)
	}
	if n != rows || total != rows*size {
		t.Errorf("a reader sees %d rows of %d bytes; want %d of %d", n, total, rows, rows*size)
	}
}
