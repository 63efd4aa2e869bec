package sqlite

import (
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// BenchmarkSurveyAudience: storetest.BenchSurveyAudience on SQLite. The
// employees are written without syncs (a benchmark's seed need not
// survive a crash); the rounds and what is measured, with them.
func BenchmarkSurveyAudience(b *testing.B) {
	var s *Store
	storetest.BenchSurveyAudience(b, func(b *testing.B, now func() time.Time) directory.Store {
		s = openWith(b, Options{Now: now})
		if _, err := s.w.ExecContext(b.Context(), "PRAGMA synchronous=OFF"); err != nil {
			b.Fatal(err)
		}
		return s
	}, func() {
		if _, err := s.w.ExecContext(b.Context(), "PRAGMA synchronous=FULL"); err != nil {
			b.Fatal(err)
		}
	})
}
