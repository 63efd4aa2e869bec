package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
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
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "roster.db"), sqlite.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
