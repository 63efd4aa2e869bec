package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
)

// A grouped write whose caller goes away while the group's statements are
// on the server does not fail the writes it shares the transaction with
// (nor itself: once it runs, it runs to its end). The statements sent for
// it used to be cancelled with its caller's context, and pgx closed the
// connection: every write of the group failed.
func TestGroupedWriteCallerLeavesMidStatement(t *testing.T) {
	f := newGroupFixture(t, "a@example.com", "slow@example.com", "b@example.com")
	s, db, company, target, creates, create := f.s, f.db, f.company, f.target, f.creates, f.create
	ctx := context.Background()
	// The slow employee's history takes half a second to write: it is
	// queued, and sent with the update's read of its employee.
	if _, err := db.ExecContext(ctx, fmt.Sprintf(`CREATE FUNCTION slow_history() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN IF NEW.employee_id = '%s' THEN PERFORM pg_sleep(0.5); END IF; RETURN NEW; END $$;
		CREATE TRIGGER slow_history BEFORE INSERT ON status_changes FOR EACH ROW EXECUTE FUNCTION slow_history()`, creates[1].ID)); err != nil {
		t.Fatal(err)
	}
	leaving, leave := context.WithCancel(ctx)
	defer leave()
	go func() { // the update's caller leaves while the history is written
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'`).Scan(&n); err == nil && n > 0 {
				leave()
				return
			}
		}
	}()
	writes := []func() error{create(0), create(1),
		func() error {
			_, err := s.UpdateEmployee(leaving, company.ID, target.ID, directory.Actor{}, func(e *directory.Employee) error {
				e.Title = "Left"
				return nil
			})
			return err
		},
		create(2)}
	errs, _ := inOneGroup(t, s, db, company.ID, writes...)
	if leaving.Err() == nil {
		t.Fatal("the update's caller never left: the test did not test")
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if got, err := s.Employee(ctx, company.ID, target.ID); err != nil || got.Title != "Left" {
		t.Errorf("the update: %+v, %v", got.Title, err)
	}
	wantLiveCount(t, db, company.ID, 4)
}
