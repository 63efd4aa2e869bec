package postgres

import "database/sql"

// DB exposes the connection pool to the package's tests.
func (s *Store) DB() *sql.DB { return s.db }
