package sqlite

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// A Bulk request's calls in one Batch, with no savepoint for its creates
// and their rows held (sqlstore's savepoint_free.go, held_inserts.go),
// leave what they leave one write at a time (storetest).
func TestHeldRowsAgreeWithSingleWrites(t *testing.T) {
	storetest.BatchAgreesWithSingleWrites(t, func(tb testing.TB) directory.Store { return openWith(tb, Options{}) }, 12)
}
