// Package testbackends opens an empty store of either backend for the
// tests of the layers above the store (SCIM API, console) that must hold
// on both: races, above all, differ between SQLite's one writer and
// PostgreSQL's row locks.
package testbackends

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/sqlite"
	"roster/internal/store/storetest"
)

// Every test binary that opens stores here checks the store's invariants
// (storetest.CheckStoreInvariants): the employees SQLite's committer
// keeps against the database, and no stranded reference after a write.
func init() { storetest.CheckStoreInvariants() }

// Names are the backends Open knows.
var Names = []string{"sqlite", "postgres"}

// Open opens an empty store on the named backend, closed when the test
// ends: "sqlite" is a file in t.TempDir(); "postgres" a fresh schema (see
// pgtest for when that skips or fails the test).
func Open(t testing.TB, backend string) directory.Store {
	t.Helper()
	return OpenClock(t, backend, nil)
}

// OpenClock is Open with the store's clock (nil: time.Now), for tests
// that move time: rounds opening, history at controlled instants.
func OpenClock(t testing.TB, backend string, now func() time.Time) directory.Store {
	t.Helper()
	var st directory.Store
	var err error
	switch backend {
	case "postgres":
		st, err = postgres.Open(context.Background(), pgtest.EmptySchema(t), postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts, Now: now})
	case "sqlite":
		st, err = sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "roster.db"), sqlite.Options{Now: now})
	default:
		t.Fatalf("no store backend %q", backend)
	}
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
