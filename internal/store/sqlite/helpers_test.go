package sqlite

import (
	"path/filepath"
	"testing"

	"roster/internal/directory"
)

// openTest opens a store on a new file in the test's temporary
// directory, closed when the test ends.
func openTest(t *testing.T) *Store { return openWith(t, Options{}) }

// openWith is openTest with opts, for a test or a benchmark.
func openWith(tb testing.TB, opts Options) *Store {
	return openAt(tb, filepath.Join(tb.TempDir(), "roster.db"), opts)
}

// openAt opens a store on the file at path, closed when the test ends:
// twice on one path, two stores as two processes would have them.
func openAt(tb testing.TB, path string, opts Options) *Store {
	tb.Helper()
	s, err := Open(tb.Context(), path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// newCompany creates a company named Acme in s.
func newCompany(t *testing.T, s *Store) directory.Company {
	t.Helper()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(t.Context(), &c); err != nil {
		t.Fatal(err)
	}
	return c
}
