package postgres_test

import (
	"testing"

	"roster/internal/store/storetest"
)

// A page at an offset starts at the block of creation numbers holding its
// first employee (sqlstore's seq_blocks.go, migration 0028), the
// employees spread over a dozen blocks or more by moving the creation
// sequence on between writes (storetest.SeqBlocksAgree).
func TestPagesStartAtTheirBlock(t *testing.T) {
	s, _ := openStore(t)
	db := s.DB()
	jumps := []int{5000, 40, 4096, 1, 9000}
	n := 0
	storetest.SeqBlocksAgree(t, s, db, func() {
		n++
		if _, err := db.ExecContext(t.Context(), `SELECT setval(pg_get_serial_sequence('employees', 'seq'), nextval(pg_get_serial_sequence('employees', 'seq')) + $1)`, jumps[n%len(jumps)]); err != nil {
			t.Fatal(err)
		}
	})
}
