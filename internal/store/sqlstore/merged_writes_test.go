package sqlstore

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The longest run of finished writes of one shape is sent merged: each
// INSERT with its fellows, then one release and one savepoint. A write
// that is not all inserts, a write of another shape, the running write
// and what is no write's (COMMIT) are sent as they are.
func TestPipelineMerge(t *testing.T) {
	const sp = "call"
	create := func(name string, emails int) []Statement {
		return []Statement{
			{Query: "INSERT INTO employees (id, name) VALUES (?, ?)", Args: []any{name, name}},
			{Query: insertRowsSQL("emails", []string{"id"}, emails), Args: slices.Repeat([]any{name}, emails)},
			{Query: "RELEASE SAVEPOINT " + sp}, {Query: "SAVEPOINT " + sp},
		}
	}
	update := func(name string) []Statement {
		return []Statement{{Query: "UPDATE employees SET name = ? WHERE id = ?", Args: []any{name, name}},
			{Query: "RELEASE SAVEPOINT " + sp}, {Query: "SAVEPOINT " + sp}}
	}
	for _, tc := range []struct {
		name    string
		writes  [][]Statement
		running bool
		ended   bool
		want    []string // what is sent: a statement's first word and first arg; a merged one's table and rows
	}{
		{"creates", [][]Statement{create("a", 1), create("b", 2), create("c", 1)}, false, true,
			[]string{"BEGIN", "employees 2", "employees 1", "emails 4", "RELEASE", "SAVEPOINT", "COMMIT"}},
		{"an update between", [][]Statement{create("a", 1), update("b"), create("c", 1), create("d", 1)}, false, false,
			[]string{"BEGIN", "INSERT a", "INSERT a", "RELEASE", "SAVEPOINT", "UPDATE b", "RELEASE", "SAVEPOINT", "employees 2", "emails 2", "RELEASE", "SAVEPOINT"}},
		{"the running write", [][]Statement{create("a", 1), create("b", 1), create("c", 1)}, true, false,
			[]string{"BEGIN", "employees 2", "emails 2", "RELEASE", "SAVEPOINT", "INSERT c", "INSERT c", "RELEASE", "SAVEPOINT"}},
		{"one finished", [][]Statement{create("a", 1), create("b", 1)}, true, false,
			[]string{"BEGIN", "INSERT a", "INSERT a", "RELEASE", "SAVEPOINT", "INSERT b", "INSERT b", "RELEASE", "SAVEPOINT"}},
		{"no release", [][]Statement{create("a", 1), create("b", 1)[:2], create("c", 1)}, false, false,
			[]string{"BEGIN", "INSERT a", "INSERT a", "RELEASE", "SAVEPOINT", "INSERT b", "INSERT b", "INSERT c", "INSERT c", "RELEASE", "SAVEPOINT"}},
	} {
		q := &statementQueue{statements: []Statement{{Query: "BEGIN"}}}
		q.startPipeline(sp)
		for _, w := range tc.writes {
			q.beginWrite(new(error))
			q.statements = append(q.statements, w...)
			q.endWrite()
		}
		q.pipe.running = tc.running
		if tc.ended {
			q.endWrites()
			q.statements = append(q.statements, Statement{Query: "COMMIT"})
		}
		before := slices.Clone(q.statements)
		send, run := q.pipe.merge(q.statements)
		var got []string
		for i, st := range send {
			word, rest, _ := strings.Cut(st.Query, " ")
			if _, rows, ok := mergeableInsert(st); ok {
				if _, own := run.original(i); !own {
					table, _, _ := strings.Cut(strings.TrimPrefix(rest, "INTO "), " ")
					got = append(got, fmt.Sprintf("%s %d", table, rows))
					continue
				}
			}
			if len(st.Args) > 0 {
				word += " " + st.Args[0].(string)
			}
			got = append(got, word)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: sent %v; want %v", tc.name, got, tc.want)
		}
		if !slices.EqualFunc(q.statements, before, func(a, b Statement) bool { return a.Query == b.Query && len(a.Args) == len(b.Args) }) {
			t.Errorf("%s: the statements merged changed", tc.name)
		}
		// Every statement sent that is not merged is the one at its
		// original index.
		for i, st := range send {
			if j, own := run.original(i); own && (j >= len(before) || before[j].Query != st.Query) {
				t.Errorf("%s: sent %d (%q) is said to be %d", tc.name, i, st.Query, j)
			}
		}
	}
}

// After a merged statement failed, the writes from the run on are sent
// again from its first statement: they start from there.
func TestPipelineResendFrom(t *testing.T) {
	p := pipeline{writes: []queuedWrite{{start: 1}, {start: 3}, {start: 7}, {start: 9}}}
	p.resendFrom(3)
	var starts []int
	for _, w := range p.writes {
		starts = append(starts, w.start)
	}
	if !slices.Equal(starts, []int{0, 4, 6}) {
		t.Errorf("writes start at %v; want 0, 4, 6", starts)
	}
}
