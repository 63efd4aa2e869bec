package postgres_test

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

	_ "github.com/jackc/pgx/v5/stdlib"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/storetest"
)

// serverURL is the test server: ROSTER_TEST_POSTGRES, else the local one
// that CI starts (trust authentication).
func serverURL() string {
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

// admin returns a connection to the test server for creating and dropping
// schemas. Without a server the test is skipped, except in CI (CI=true),
// where PostgreSQL is required.
func admin(t testing.TB) *sql.DB {
	t.Helper()
	adminOnce.Do(func() {
		adminDB, adminErr = sql.Open("pgx", serverURL())
		if adminErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		adminErr = adminDB.PingContext(ctx)
	})
	if adminErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", adminErr)
		}
		t.Skipf("no PostgreSQL server (set ROSTER_TEST_POSTGRES): %v", adminErr)
	}
	return adminDB
}

// openTest opens a store on a new schema with a random name, dropped when
// the test ends.
func openTest(t testing.TB) *postgres.Store {
	t.Helper()
	s, _ := openSchema(t)
	return s
}

// openSchema opens a store on a new schema and returns its URL too.
func openSchema(t testing.TB) (*postgres.Store, string) {
	t.Helper()
	db := admin(t)
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
	u, err := url.Parse(serverURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("options", "-c search_path="+schema)
	// %20, not Encode's "+": pgx takes "+" literally.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	s, err := postgres.Open(t.Context(), u.String(), postgres.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	return s, u.String()
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store { return openTest(t) })
}

// TestReopen: migrations apply once; what was written is there after
// reopening.
func TestReopen(t *testing.T) {
	ctx := t.Context()
	s, u := openSchema(t)
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := postgres.Open(ctx, u, postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Company(ctx, c.ID)
		if err != nil || got.Name != "Acme" {
			t.Errorf("Company after reopening: %+v, %v", got, err)
		}
		s.Close()
	}
}

// TestConcurrentOpen: two processes starting at once migrate once.
func TestConcurrentOpen(t *testing.T) {
	first, u := openSchema(t)
	defer first.Close()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := postgres.Open(t.Context(), u, postgres.Options{MaxConns: 2})
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	_, err := postgres.Open(t.Context(), "postgres://user:secret@[::1", postgres.Options{})
	if err == nil {
		t.Fatal("Open accepted a malformed URL")
	}
	if want := "secret"; contains(err.Error(), want) {
		t.Errorf("error %q shows the password", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://nobody:secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=1", postgres.Options{}); err == nil {
		t.Fatal("Open succeeded without a server")
	} else if contains(err.Error(), "secret") {
		t.Errorf("error %q shows the password", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
