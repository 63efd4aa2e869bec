package postgres_test

import (
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// A Bulk request's calls in one Batch, pipelined and merged, leave what
// they leave one write at a time (storetest).
func TestBatchAgreesWithSingleWrites(t *testing.T) {
	storetest.BatchAgreesWithSingleWrites(t, func(tb testing.TB) directory.Store {
		s, _ := openSchema(tb)
		tb.Cleanup(func() { s.Close() })
		return s
	}, 6)
}
