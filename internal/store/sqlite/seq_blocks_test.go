package sqlite

import (
	"testing"

	"roster/internal/store/storetest"
)

// A page at an offset starts at the block of creation numbers holding its
// first employee (sqlstore's seq_blocks.go, migration 0028), the
// employees spread over a dozen blocks or more by moving AUTOINCREMENT's
// sequence on between writes (storetest.SeqBlocksAgree).
func TestPagesStartAtTheirBlock(t *testing.T) {
	s := openTest(t)
	jumps := []int{5000, 40, 4096, 1, 9000}
	n := 0
	storetest.SeqBlocksAgree(t, s, s.w, func() {
		n++
		if _, err := s.w.ExecContext(t.Context(), `UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'employees'`, jumps[n%len(jumps)]); err != nil {
			t.Fatal(err)
		}
	})
}
