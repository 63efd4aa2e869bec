package sqlstore

import (
	"fmt"
	"math/bits"
	"reflect"
	"testing"
)

// omitting is a dialect that omits NULL columns.
type omitting struct{ dollar }

func (omitting) OmitsNullColumns() bool { return true }

func TestSparseInsert(t *testing.T) {
	s := newSparseInsert("t", "a", "b", "c")
	for _, tc := range []struct {
		d     Dialect
		args  []any
		query string
		kept  []any
	}{
		{omitting{}, []any{1, nil, "x"}, "INSERT INTO t (a, c) VALUES (?, ?)", []any{1, "x"}},
		{omitting{}, []any{1, "y", "x"}, "INSERT INTO t (a, b, c) VALUES (?, ?, ?)", []any{1, "y", "x"}},
		{omitting{}, []any{1, nil, "z"}, "INSERT INTO t (a, c) VALUES (?, ?)", []any{1, "z"}},
		{omitting{}, []any{(*string)(nil), nil, false}, "INSERT INTO t (a, c) VALUES (?, ?)", []any{(*string)(nil), false}},
		{dollar{}, []any{1, nil, "x"}, "INSERT INTO t (a, b, c) VALUES (?, ?, ?)", []any{1, nil, "x"}},
	} {
		query, kept := s.statement(tc.d, append([]any(nil), tc.args...))
		if query != tc.query || !reflect.DeepEqual(kept, tc.kept) {
			t.Errorf("%s %v: %q %v; want %q %v", tc.d.Name(), tc.args, query, kept, tc.query, tc.kept)
		}
	}
	if n := s.count.Load(); n != 2 {
		t.Errorf("%d shapes built; want 2", n)
	}
}

// Past mostSparseShapes shapes a sparse insert names every column; so
// does a row of NULLs alone.
func TestSparseInsertShapesBounded(t *testing.T) {
	columns := make([]string, 8)
	for i := range columns {
		columns[i] = fmt.Sprintf("c%d", i)
	}
	s := newSparseInsert("t", columns...)
	for mask := range 1 << len(columns) {
		args := make([]any, len(columns))
		for i := range args {
			if mask&(1<<i) != 0 {
				args[i] = i
			}
		}
		query, kept := s.statement(omitting{}, args)
		full := mask == 0 || mask > mostSparseShapes
		if (query == s.all) != full || full && len(kept) != len(columns) || !full && len(kept) != bits.OnesCount(uint(mask)) {
			t.Fatalf("shape %08b: %q with %d values", mask, query, len(kept))
		}
	}
}
