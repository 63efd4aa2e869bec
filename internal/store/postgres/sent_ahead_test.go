package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// Taken userNames at random places among deferred creates — inside a
// merged run, at the edge of a hundred sent ahead, side by side — fail
// each alone: exactly those creates are refused, every other one is
// stored, and the company's count agrees.
func TestDeferredCreatesFailAloneAnywhere(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	db := rawDB(t, u)
	taken := workEmployee(directory.NewID(), company.ID, "taken@example.com")
	if err := s.CreateEmployee(ctx, &taken, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(13, 7))
	stored := 1
	for round := range 4 {
		n := 150 + rng.IntN(150)
		refused := map[int]bool{99: true, 100: round%2 == 0} // at the edge
		for range 1 + rng.IntN(6) {
			refused[rng.IntN(n)] = true
		}
		var late []error
		err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
			var err error
			late, err = createDeferredNamed(ctx, b, company.ID, n, func(i int) string {
				if refused[i] {
					return "Taken@example.com"
				}
				return fmt.Sprintf("r%d-%d@example.com", round, i)
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, err := range late {
			if refused[i] != (directory.ErrorCode(err) == directory.EConflict) || !refused[i] && err != nil {
				t.Errorf("round %d, create %d (refused %v): %v", round, i, refused[i], err)
			}
			if !refused[i] {
				stored++
			}
		}
	}
	wantLiveCount(t, db, company.ID, stored)
}
