package sqlstore

import (
	"slices"
	"testing"
)

func TestStatementQueueDrop(t *testing.T) {
	for _, tc := range []struct {
		keep      int
		wantQuery string
		wantArgs  []any
	}{
		{0, "", nil},
		{1, "A ?", []any{1}},
		{2, "A ?;\nB ?, ?", []any{1, 2, 3}},
		{3, "A ?;\nB ?, ?;\nC", []any{1, 2, 3}},
		{5, "A ?;\nB ?, ?;\nC", []any{1, 2, 3}},
	} {
		q := &statementQueue{}
		h := handle{queue: q}
		h.execLater(t.Context(), "A ?", 1)
		h.execLater(t.Context(), "B ?, ?", 2, 3)
		h.execLater(t.Context(), "C")
		q.drop(tc.keep)
		if got := q.query.String(); got != tc.wantQuery || !slices.Equal(q.args, tc.wantArgs) || q.len() != min(tc.keep, 3) {
			t.Errorf("drop(%d): %q %v (%d queued); want %q %v", tc.keep, got, q.args, q.len(), tc.wantQuery, tc.wantArgs)
		}
		// What is queued after a drop follows what was kept.
		h.execLater(t.Context(), "D ?", 4)
		if want := tc.wantQuery + map[bool]string{true: ";\n", false: ""}[tc.wantQuery != ""] + "D ?"; q.query.String() != want {
			t.Errorf("after drop(%d): %q; want %q", tc.keep, q.query.String(), want)
		}
	}
}
