package postgres_test

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/storetest"
)

func TestGuard(t *testing.T) {
	storetest.RunGuard(t, func(t *testing.T, now func() time.Time) directory.Store {
		s, err := postgres.Open(t.Context(), pgtest.EmptySchema(t), postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
