package sqlstore

import (
	"errors"
	"slices"
	"testing"
)

// A failed statement of a pipelined group is blamed on the write that
// queued it: an earlier write's failure is recorded as its outcome and
// what followed it is to be sent again; the running write's is its own,
// and the group's COMMIT, queued after the writes (ended), is none's.
func TestPipelineBlame(t *testing.T) {
	// Writes a (statements 0–1), b (2–4), c (5–6), c running unless said,
	// and COMMIT (7) when ended.
	for _, tc := range []struct {
		failedAt int
		running  bool
		ended    bool
		blamed   string // "" when it is the running write's own, or none's
		rest     []string
		starts   []int // of the writes left
	}{
		{0, true, false, "a", []string{"b1", "b2", "b3", "c1", "c2"}, []int{0, 3}},
		{3, true, false, "b", []string{"c1", "c2"}, []int{0}},
		{4, true, false, "b", []string{"c1", "c2"}, []int{0}},
		{5, true, false, "", nil, []int{0, 2, 5}},
		{6, false, false, "c", []string{}, []int{}},
		{3, false, true, "b", []string{"c1", "c2", "COMMIT"}, []int{0, 2}},
		{6, false, true, "c", []string{"COMMIT"}, []int{0}},
		{7, false, true, "", nil, []int{0, 2, 5, 7}},
	} {
		outcomes := map[string]*error{"a": new(error), "b": new(error), "c": new(error)}
		q := &statementQueue{pipe: pipeline{writes: []queuedWrite{{0, outcomes["a"]}, {2, outcomes["b"]}, {5, outcomes["c"]}}, running: tc.running}}
		for _, query := range []string{"a1", "a2", "b1", "b2", "b3", "c1", "c2"} {
			q.statements = append(q.statements, Statement{Query: query})
		}
		if tc.ended {
			q.endWrites()
			q.statements = append(q.statements, Statement{Query: "COMMIT"})
		}
		p, statements := &q.pipe, q.statements
		failure := errors.New("refused")
		rest, earlier := p.blame(statements, tc.failedAt, failure)
		if earlier != (tc.blamed != "") {
			t.Errorf("failed at %d: blamed on an earlier write %v; want %q", tc.failedAt, earlier, tc.blamed)
			continue
		}
		for name, out := range outcomes {
			if (name == tc.blamed) != (*out == failure) {
				t.Errorf("failed at %d: write %s's outcome %v", tc.failedAt, name, *out)
			}
		}
		var got []string
		for _, st := range rest {
			got = append(got, st.Query)
		}
		if tc.rest != nil && !slices.Equal(got, tc.rest) {
			t.Errorf("failed at %d: send again %v; want %v", tc.failedAt, got, tc.rest)
		}
		var starts []int
		for _, w := range p.writes {
			starts = append(starts, w.start)
		}
		if !slices.Equal(starts, tc.starts) && !(len(starts) == 0 && len(tc.starts) == 0) {
			t.Errorf("failed at %d: writes left start at %v; want %v", tc.failedAt, starts, tc.starts)
		}
	}
}
