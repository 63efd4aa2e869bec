package postgres_test

import (
	"database/sql"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// A Batch's writes leave the company's live count and its blocks' right,
// its own employees counted at its end (migration 0030), alone and with
// writers at once whose creation numbers interleave with its own; an
// employee's details go with it, since migration 0029 by a statement
// trigger in place of the foreign keys' cascade, whose checks of every
// inserted row the store does not need (storetest.RunWithDB).
func TestStoreWithDB(t *testing.T) {
	storetest.RunWithDB(t, func(t *testing.T) (directory.Store, *sql.DB) {
		s, _ := openStore(t)
		return s, s.DB()
	})
}

// An instance of the version before migration 0030, still running while
// another applied it, sets roster.live_batch but not roster.live_batch_from,
// and at its end adds only the trigger's sums: its creates are still
// counted row by row.
func TestBatchOfThePreviousVersionCounts(t *testing.T) {
	s, _ := openStore(t)
	ctx := t.Context()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`SELECT set_config('roster.live_batch', $1, true)`,
		`INSERT INTO employees (id, company_id, user_name, user_name_fold, active, status_changed_us, created_us, modified_us, version)
			VALUES (gen_random_uuid()::TEXT, $1, 'old', 'old', TRUE, 1, 1, 1, 1)`,
		// CountInBatch's end before 0030.
		`WITH batch AS (SELECT $1::TEXT COLLATE "C" AS company),
		blocks AS (INSERT INTO employee_blocks (company_id, block, live)
			SELECT batch.company, b.key::BIGINT, b.value::BIGINT FROM batch, jsonb_each_text(COALESCE(NULLIF(current_setting('roster.live_blocks', true), ''), '{}')::JSONB) b
			ON CONFLICT (company_id, block) DO UPDATE SET live = employee_blocks.live + EXCLUDED.live)
		UPDATE companies SET live_employees = live_employees + COALESCE(NULLIF(current_setting('roster.live_delta', true), '')::BIGINT, 0) FROM batch WHERE id = batch.company`,
	} {
		if _, err := tx.ExecContext(ctx, q, c.ID); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var live int
	if err := s.DB().QueryRowContext(ctx, `SELECT live_employees FROM companies WHERE id = $1`, c.ID).Scan(&live); err != nil || live != 1 {
		t.Fatalf("the company counts %d live employees (%v), want 1", live, err)
	}
	storetest.LiveCountsAgree(t, s.DB())
}

// A Batch's own employees are those above the company's highest creation
// number when it began (migration 0030): creation numbers must be handed
// out in order, which a sequence that caches numbers for each session
// would not do.
func TestCreationNumbersInOrder(t *testing.T) {
	s, _ := openStore(t)
	var cache, increment int64
	err := s.DB().QueryRowContext(t.Context(), `SELECT seqcache, seqincrement FROM pg_sequence
		WHERE seqrelid = pg_get_serial_sequence('employees', 'seq')::regclass`).Scan(&cache, &increment)
	if err != nil {
		t.Fatal(err)
	}
	if cache != 1 || increment <= 0 {
		t.Errorf("employees.seq caches %d numbers a session, increment %d: a Batch would not count its creates", cache, increment)
	}
}
