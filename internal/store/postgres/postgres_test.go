package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
	"roster/internal/store/postgres/pgtest"
	"roster/internal/store/storetest"
)

// openTest opens a store on a new schema with a random name, dropped when
// the test ends.
func openTest(t testing.TB) *postgres.Store {
	t.Helper()
	s, _ := pgtest.Open(t)
	return s
}

// openSchema opens a store on a new schema and returns its URL too.
func openSchema(t testing.TB) (*postgres.Store, string) { t.Helper(); return pgtest.Open(t) }

// openStore opens a store on a new schema, closed when the test ends;
// it returns the schema's URL too.
func openStore(t *testing.T) (*postgres.Store, string) {
	t.Helper()
	s, u := pgtest.Open(t)
	t.Cleanup(func() { s.Close() })
	return s, u
}

// openCompany is openStore with one company.
func openCompany(t *testing.T) (*postgres.Store, string, directory.Company) {
	t.Helper()
	s, u := openStore(t)
	company := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(t.Context(), &company); err != nil {
		t.Fatal(err)
	}
	return s, u, company
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

// TestConcurrentOpen: instances starting at once on an empty database
// migrate it once, none failing.
func TestConcurrentOpen(t *testing.T) {
	u := pgtest.EmptySchema(t)
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

// rawDB opens a pool of plain connections to u, for SQL of the test's
// own; it is closed when the test ends.
func rawDB(t testing.TB, u string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawTx begins a transaction on db, rolled back when the test ends unless
// the test ended it.
func rawTx(t testing.TB, db *sql.DB) *sql.Tx {
	t.Helper()
	tx, err := db.BeginTx(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
	return tx
}
