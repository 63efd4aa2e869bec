package sqlite

import (
	"fmt"
	"testing"

	"roster/internal/directory"
)

// A Batch leaves its employees pending for the search index, and the
// committer's catch-up flushes them after its answer, before any later
// write (migration 0035, sqlstore's catch_up.go): pending meanwhile,
// searches find them all the same.
func TestBatchSearchCaughtUpAfterItsAnswer(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	c := newCompany(t, s)
	err := s.Batch(ctx, c.ID, func(b directory.Batch) error {
		for i := range 150 {
			e := directory.Employee{ID: directory.NewID(), UserName: fmt.Sprintf("late%03d@acme.example", i), Active: true,
				Name: directory.Name{GivenName: "Latecomer", FamilyName: fmt.Sprintf("Caughtup%03d", i)}}
			if err := b.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := searchTotal(t, s, c.ID, []string{"latecomer"}, true); got != 150 {
		t.Errorf("right after the Batch, search finds %d; want 150", got)
	}
	newCompany(t, s) // a write: the committer ran the catch-up before it
	var pending, indexed int
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM employees_search_pending),
		(SELECT COUNT(*) FROM employees_trigrams WHERE employees_trigrams MATCH '"tec"')`).Scan(&pending, &indexed); err != nil {
		t.Fatal(err)
	}
	if pending != 0 || indexed != 150 {
		t.Errorf("after the catch-up: %d pending, %d indexed; want 0, 150", pending, indexed)
	}
	if got := searchTotal(t, s, c.ID, []string{"caughtup149"}, true); got != 1 {
		t.Errorf("after the catch-up, search finds %d; want 1", got)
	}
}

// While a Batch's note is there the flush trigger waits; past
// mostPending pending employees the Batch's end flushes them itself.
func TestSearchFlushWaitsForTheBatch(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	c := newCompany(t, s)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	count := func() (pending, indexed int) {
		t.Helper()
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM employees_search_pending),
			(SELECT COUNT(*) FROM employees_trigrams WHERE employees_trigrams MATCH '"raw"')`).Scan(&pending, &indexed); err != nil {
			t.Fatal(err)
		}
		return
	}
	add := func(from, to int) {
		t.Helper()
		for n := from; n < to; n++ {
			name := fmt.Sprintf("raw%05d", n)
			exec(`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version, search_fold)
				VALUES (?, ?, ?, ?, 1, 1, 1, 1, 1, ?)`, name, c.ID, name, name, name)
			exec(`INSERT INTO employees_search_pending (seq, fresh) VALUES (last_insert_rowid(), 1)`)
		}
	}
	exec(`INSERT INTO batch_creates (company_id, from_seq) VALUES (?, 0)`, c.ID)
	add(0, 100)
	if p, i := count(); p != 100 || i != 0 {
		t.Fatalf("with a Batch's note: %d pending, %d indexed; want 100, 0", p, i)
	}
	exec(searchFlushPast)
	if p, i := count(); p != 100 || i != 0 {
		t.Fatalf("the Batch's end under %d: %d pending, %d indexed; want 100, 0", mostPending, p, i)
	}
	add(100, mostPending)
	exec(searchFlushPast)
	if p, i := count(); p != 0 || i != mostPending {
		t.Fatalf("the Batch's end at %d: %d pending, %d indexed; want 0, %d", mostPending, p, i, mostPending)
	}
	exec(`DELETE FROM batch_creates`)
	add(mostPending, mostPending+64)
	if p, i := count(); p != 0 || i != mostPending+64 {
		t.Fatalf("without the note, the 64th: %d pending, %d indexed; want 0, %d", p, i, mostPending+64)
	}
}
