package sqlite

import (
	"testing"

	"roster/internal/store/storetest"
)

// A Batch's writes leave the company's live count and its blocks' right
// (storetest.BatchCountsAgree).
func TestBatchCountsAgree(t *testing.T) {
	s := openTest(t)
	storetest.BatchCountsAgree(t, s, s.w)
}

// The same with writers at once (storetest.BatchCountsAgreeConcurrently).
func TestBatchCountsAgreeConcurrently(t *testing.T) {
	s := openTest(t)
	storetest.BatchCountsAgreeConcurrently(t, s, s.w)
}
