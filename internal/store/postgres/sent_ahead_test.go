package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
)

// A Batch's deferred creates are sent ahead a hundred at a time
// (sqlstore/sent_ahead.go): the server runs them while the next ones are
// built, before anything settles them. A batch that then fails leaves
// none of them.
func TestDeferredCreatesSentAhead(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	db := rawDB(t, u)
	refused := errors.New("refused")
	const n = 100
	err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
		if _, err := createDeferred(ctx, b, company.ID, "ahead", n); err != nil {
			return err
		}
		// The batch's transaction has inserted into employees: it holds
		// the table's lock for that.
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			var holders int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_locks
				WHERE relation = 'employees'::regclass AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid()`).Scan(&holders); err != nil {
				t.Fatal(err)
			}
			if holders > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Error("a hundred deferred creates are not on the server before they are settled")
				break
			}
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("batch: %v; want the refusal", err)
	}
	wantLiveCount(t, db, company.ID, 0)
	// The connection of the failed batch is fit for the next one.
	for range 3 {
		e := workEmployee(directory.NewID(), company.ID, fmt.Sprintf("after-%s@example.com", directory.NewID()))
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	wantLiveCount(t, db, company.ID, 3)
}
