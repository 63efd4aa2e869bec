package sqlite_test

import (
	"path/filepath"
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
