package postgres_test

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/storetest"
)

func TestSurveys(t *testing.T) {
	storetest.RunSurveys(t, openClocked)
}

func TestGuard(t *testing.T) {
	storetest.RunGuard(t, openClocked)
}

// openClocked opens an empty store whose clock is now.
func openClocked(t *testing.T, now func() time.Time) directory.Store {
	s, err := postgres.Open(t.Context(), pgtest.EmptySchema(t), postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
