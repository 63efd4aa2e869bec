package sqlite

import (
	"testing"

	"roster/internal/store/storetest"
)

// An employee's details go with it, by SQLite's foreign keys
// (storetest.DetailsFollowTheirEmployee).
func TestDetailsFollowTheirEmployee(t *testing.T) {
	s := openTest(t)
	storetest.DetailsFollowTheirEmployee(t, s, s.w)
}
