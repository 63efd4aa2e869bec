package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
	"roster/internal/store/storetest"
)

// openTemp opens a store on a new file in the test's temporary directory.
func openTemp(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "roster.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store { return openTemp(t) })
}

// TestStoreMemory runs the contract on the private in-memory database.
func TestStoreMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store {
		s, err := sqlite.Open(t.Context(), sqlite.Memory, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestDurableAcrossReopen: what was acknowledged is there after Close and
// Open, and reopening applies no migration twice.
func TestDurableAcrossReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "roster.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true,
		Emails: []directory.Email{{Value: "ada@example.com", Type: "work", Primary: true}}}
	if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	e, err = s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(u *directory.Employee) error {
		u.Active = false
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		s, err = sqlite.Open(ctx, path, sqlite.Options{})
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		got, err := s.Employee(ctx, c.ID, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("after reopen:\n got %+v\nwant %+v", got, e)
		}
		hist, err := s.StatusHistory(ctx, c.ID, e.ID)
		if err != nil || len(hist) != 2 {
			t.Errorf("history after reopen: %v, %v; want 2 entries", hist, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var names []string
	rows, err := db.QueryContext(ctx, "SELECT name FROM schema_migrations ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	files, _ := filepath.Glob("migrations/*.sql")
	if len(names) != len(files) {
		t.Errorf("schema_migrations holds %v; want one row for each of %v", names, files)
	}
}

// TestTwoStoresOneFile: two Stores on one file stand for two processes
// (the server and an admin command). Their writers exclude each other
// through BEGIN IMMEDIATE and busy_timeout, without SQLITE_BUSY errors.
func TestTwoStoresOneFile(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "roster.db")
	a, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := a.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "ada@example.com", Active: true}
	if err := a.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	const n = 10
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		for _, s := range []*sqlite.Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.UpdateEmployee(ctx, c.ID, e.ID, directory.Actor{}, func(u *directory.Employee) error {
					u.Emails = append(u.Emails, directory.Email{Value: fmt.Sprintf("%p-%d@example.com", s, i)})
					return nil
				})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, err := b.Employee(ctx, c.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1+2*n || len(got.Emails) != 2*n {
		t.Errorf("version %d with %d emails; want %d and %d", got.Version, len(got.Emails), 1+2*n, 2*n)
	}
}

func TestOpenErrors(t *testing.T) {
	for _, path := range []string{"", "roster.db?mode=ro", filepath.Join(t.TempDir(), "missing", "dir", "roster.db")} {
		if s, err := sqlite.Open(t.Context(), path, sqlite.Options{}); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded; want an error", path)
		}
	}
}
