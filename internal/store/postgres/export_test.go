package postgres

import (
	"context"
	"database/sql"
)

// DB exposes the connection pool to the package's tests.
func (s *Store) DB() *sql.DB { return s.db }

// AnalyzeMisjudged exposes analyzeMisjudged (company_statistics.go) to
// the package's tests, with the sizes it remembers.
func AnalyzeMisjudged(ctx context.Context, db *sql.DB, asked map[string]int64, atLeast int64) error {
	return analyzeMisjudged(ctx, db, asked, atLeast)
}

// PlannedEmployees exposes plannedEmployees to the package's tests.
var PlannedEmployees = plannedEmployees
