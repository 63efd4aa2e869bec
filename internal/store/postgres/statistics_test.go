package postgres_test

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
)

// While the server's autovacuum is off (as on the machines that run these
// tests), a server's store analyzes a table once enough of its rows
// changed, as autovacuum would: a company that starts syncing after the
// last ANALYZE must not stay a company of no employees to the planner.
func TestStatisticsKeptWhileAutovacuumIsOff(t *testing.T) {
	u := pgtest.EmptySchema(t)
	s, err := postgres.Open(t.Context(), u, postgres.Options{MaxConns: 4, Timeouts: pgtest.ContractTimeouts, KeepStatistics: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	db := rawDB(t, u)
	var autovacuum bool
	if err := db.QueryRowContext(t.Context(), `SELECT current_setting('autovacuum')::boolean`).Scan(&autovacuum); err != nil {
		t.Fatal(err)
	}
	if autovacuum {
		t.Skip("the server's autovacuum is on: the store leaves the statistics to it")
	}
	if analyzed(t, db) {
		t.Fatal("employees analyzed before any employee was written")
	}
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(t.Context(), &c); err != nil {
		t.Fatal(err)
	}
	for i := range 2 * 50 {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("u%d@example.com", i), Active: true}
		if err := s.CreateEmployee(t.Context(), &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	// The server's activity statistics, which say what changed, are
	// flushed within a second or so of each transaction.
	for deadline := time.Now().Add(20 * time.Second); !analyzed(t, db); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("employees not analyzed 20 s after 100 were created")
		}
	}
}

// analyzed reports whether the employees table of db's schema has been
// analyzed.
func analyzed(t *testing.T, db *sql.DB) bool {
	t.Helper()
	var at sql.NullTime
	err := db.QueryRowContext(t.Context(), `SELECT last_analyze FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND relname = 'employees'`).Scan(&at)
	if err != nil {
		t.Fatal(err)
	}
	return at.Valid
}
