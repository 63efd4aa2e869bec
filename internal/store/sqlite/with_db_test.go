package sqlite

import (
	"database/sql"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// A Batch's writes leave the company's live count and its blocks' right,
// alone and with writers at once; an employee's details go with it, by
// SQLite's foreign keys (storetest.RunWithDB).
func TestStoreWithDB(t *testing.T) {
	storetest.RunWithDB(t, func(t *testing.T) (directory.Store, *sql.DB) {
		s := openTest(t)
		return s, s.w
	})
}
