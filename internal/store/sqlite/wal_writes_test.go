package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
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

// The gathered writes through SQLite's harder paths: a writer whose page
// cache is a few pages spills a transaction's pages to the WAL before it
// commits and reads them back from there; a rolled-back transaction's
// frames are written over by the next one's. Another connection, without
// the VFS, finds exactly the committed rows after every commit, and the
// database passes SQLite's integrity check at the end — whether the
// writer syncs each commit (FULL, roster's) or not (NORMAL and OFF, as
// the store's benchmarks seed their companies): a commit that is not
// synced is in the file when it returns all the same.
func TestWALWritesSpilledReadBackAndRolledBack(t *testing.T) {
	for _, sync := range []string{"FULL", "NORMAL", "OFF"} {
		t.Run(sync, func(t *testing.T) { walWritesRounds(t, sync) })
	}
}

// walWritesRounds is TestWALWritesSpilledReadBackAndRolledBack with the
// writer's synchronous set to sync.
func walWritesRounds(t *testing.T, sync string) {
	if err := registerWALWrites(); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "spill.db")
	w, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous("+sync+")&_pragma=cache_size(8)&_txlock=immediate&vfs="+walWritesVFS)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := w.ExecContext(ctx, `CREATE TABLE rows (id INTEGER PRIMARY KEY, round INTEGER NOT NULL, b BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	committed := 0
	for round := range 40 {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		// 5 to 200 rows of 1,500 bytes: past the cache, and past the
		// 128 KiB written at a time, on most rounds.
		n := 5 + round*round%196
		if _, err := tx.ExecContext(ctx, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
			INSERT INTO rows (round, b) SELECT ?, randomblob(1500) FROM k`, n, round); err != nil {
			t.Fatal(err)
		}
		// Read back what was spilled: every row of the round, whole.
		var got, size int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), SUM(length(b)) FROM rows WHERE round = ?`, round).Scan(&got, &size); err != nil {
			t.Fatal(err)
		}
		if got != n || size != n*1500 {
			t.Fatalf("round %d reads back %d rows of %d bytes in its transaction; want %d", round, got, size, n)
		}
		if round%3 == 1 {
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
		} else {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			committed += n
		}
		var seen int
		if err := r.QueryRowContext(ctx, `SELECT COUNT(*) FROM rows`).Scan(&seen); err != nil {
			t.Fatal(err)
		}
		if seen != committed {
			t.Fatalf("after round %d another connection sees %d rows; %d were committed", round, seen, committed)
		}
	}
	var check string
	if err := w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q, %v", check, err)
	}
	t.Logf("%d rows committed; SQLite wrote to the WAL %d times in all, in %d system calls", committed, walWrites.Load(), walWritten.Load())
}
