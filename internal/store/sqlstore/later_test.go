package sqlstore

import (
	"slices"
	"testing"
)

func TestStatementQueueDrop(t *testing.T) {
	for _, tc := range []struct {
		keep int
		want []string
	}{
		{0, nil},
		{1, []string{"A"}},
		{2, []string{"A", "B"}},
		{3, []string{"A", "B", "C"}},
		{5, []string{"A", "B", "C"}},
	} {
		q := &statementQueue{}
		h := handle{queue: q}
		for i, query := range []string{"A", "B", "C"} {
			h.execLater(t.Context(), query, i)
		}
		q.drop(tc.keep)
		// What is queued after a drop follows what was kept.
		h.execLater(t.Context(), "D", 3)
		var got []string
		for i, st := range q.statements {
			got = append(got, st.Query)
			if want := i; i < len(tc.want) && st.Args[0] != want {
				t.Errorf("drop(%d): %s has args %v", tc.keep, st.Query, st.Args)
			}
		}
		if want := append(slices.Clone(tc.want), "D"); !slices.Equal(got, want) {
			t.Errorf("drop(%d), then D: %v; want %v", tc.keep, got, want)
		}
	}
}
