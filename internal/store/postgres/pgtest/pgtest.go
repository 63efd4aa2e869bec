// Package pgtest opens PostgreSQL stores for tests: each on a new schema
// with a random name, dropped when the test ends. The server is
// ROSTER_TEST_POSTGRES, else the local one CI starts; without a server the
// test is skipped, except with CI=true, where PostgreSQL is required.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection's driver

	"roster/internal/store/postgres"
)

// ServerURL is the test server's URL.
func ServerURL() string {
	if u := os.Getenv("ROSTER_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// Admin returns a connection to the test server for creating and dropping
// schemas, skipping (or, with CI=true, failing) the test without one.
func Admin(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", ServerURL())
		if adminErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if adminErr = adminDB.PingContext(ctx); adminErr != nil {
			return
		}
		// Installed once, outside the test schemas: an extension created
		// by a store's Open would live in that test's schema and go with
		// it, taking the other tests' trigram indexes along.
		adminDB.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
	})
	if adminErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", adminErr)
		}
		t.Skipf("no PostgreSQL server (set ROSTER_TEST_POSTGRES): %v", adminErr)
	}
	return adminDB
}

// ContractTimeouts are the connection limits of test stores: the
// contract suite checks what the store does, and its races queue dozens
// of writers on one company, which on a loaded test machine can wait
// longer than the serving defaults allow (a lock wait over 5 s would be
// a 503, which is right in production and noise in a test of semantics).
// The outage tests set their own limits.
var ContractTimeouts = postgres.Timeouts{Lock: 60 * time.Second, Statement: 120 * time.Second}

// Open opens a store on a new schema and returns its URL too.
func Open(t testing.TB) (*postgres.Store, string) {
	t.Helper()
	u := EmptySchema(t)
	s, err := postgres.Open(context.Background(), u, postgres.Options{MaxConns: 4, Timeouts: ContractTimeouts})
	if err != nil {
		t.Fatal(err)
	}
	return s, u
}

// EmptySchema creates a new schema, dropped when the test ends, and
// returns a URL whose connections use it; nothing is migrated yet.
func EmptySchema(t testing.TB) string {
	t.Helper()
	db := Admin(t)
	var b [8]byte
	rand.Read(b[:])
	schema := "roster_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("options", "-c search_path="+schema)
	// %20, not Encode's "+": pgx takes "+" literally.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}
