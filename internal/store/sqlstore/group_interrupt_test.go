package sqlstore

import (
	"context"
	"testing"
	"time"
)

// A grouped write whose caller goes away while its statement runs does not
// undo the writes it shares the transaction with (nor itself: once it
// runs, it runs to its end). Its statement used to be interrupted, and
// SQLite rolled the whole transaction back: the other writes failed with
// "could not be rolled back alone".
func TestGroupCommitCallerLeavesMidStatement(t *testing.T) {
	s := groupStore(t)
	release, first := holdCommitter(t, s, insert("first"))
	ctx := context.Background()
	results := make(chan error, 3)
	go func() { results <- s.write(ctx, insert("ok1")) }()
	waitQueued(t, s, 1)
	leaving, leave := context.WithCancel(ctx)
	defer leave()
	go func() {
		results <- s.write(leaving, func(tx handle) error {
			time.AfterFunc(5*time.Millisecond, leave)
			// Long enough to be running when its caller leaves.
			_, err := tx.ExecContext(leaving, `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r WHERE i < 200000)
				INSERT INTO t SELECT 'long' || i FROM r`)
			return err
		})
	}()
	waitQueued(t, s, 2)
	go func() { results <- s.write(ctx, insert("ok2")) }()
	waitQueued(t, s, 3)
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := <-results; err != nil {
			t.Errorf("a write of the group: %v", err)
		}
	}
	got := rows(t, s)
	for _, v := range []string{"first", "ok1", "ok2", "long1", "long200000"} {
		if !got[v] {
			t.Errorf("%s not stored", v)
		}
	}
}
