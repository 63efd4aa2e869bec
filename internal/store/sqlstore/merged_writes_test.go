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
	// A create whose insert resolves its manager inside itself (refs.go's
	// employeeInsertResolving), named by its name.
	resolving := func(name, manager string) []Statement {
		w := create(name, 1)
		w[0] = Statement{Query: resolvingInsertForTest, Args: []any{name, name, manager}, Resolves: manager, Names: []string{name}}
		return w
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
		{"creates resolving managers stored before", [][]Statement{resolving("a", "z"), resolving("b", "z"), resolving("c", "y")}, false, true,
			[]string{"BEGIN", "INSERT a", "INSERT b", "INSERT c", "emails 2", "emails 1", "RELEASE", "SAVEPOINT", "COMMIT"}},
		{"a create resolving one of the run", [][]Statement{resolving("a", "z"), resolving("b", "a"), resolving("c", "z"), resolving("d", "z")}, false, true,
			[]string{"BEGIN", "INSERT a", "INSERT a", "RELEASE", "SAVEPOINT", "INSERT b", "INSERT c", "INSERT d", "emails 2", "emails 1", "RELEASE", "SAVEPOINT", "COMMIT"}},
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

// resolvingInsertForTest is an INSERT whose row resolves a value to an
// id inside itself, as employeeInsertResolving's does.
const resolvingInsertForTest = "INSERT INTO employees (id, name, manager_id) VALUES (?, ?, (SELECT id FROM employees WHERE name = ?))"

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

// FuzzPipelineMerge: whatever the pipeline's writes, a merge changes
// how the statements are sent, not what they do: each table receives
// the same rows in the same order, every other statement is sent once,
// in order, and a statement said to be sent as itself is.
func FuzzPipelineMerge(f *testing.F) {
	f.Add([]byte{1, 1, 2, 1, 0, 3}, false, true)
	f.Add([]byte{1, 1, 1, 1, 1, 1}, true, false)
	f.Add([]byte{0, 2, 2, 3, 3, 0, 1}, false, false)
	f.Add([]byte{17, 17, 49, 17, 49, 49, 1}, false, true)
	f.Fuzz(func(t *testing.T, kinds []byte, running, ended bool) {
		if len(kinds) == 0 || len(kinds) > 64 {
			return
		}
		const sp = "call"
		q := &statementQueue{statements: []Statement{{Query: "BEGIN"}}}
		q.startPipeline(sp)
		for i, k := range kinds {
			name := fmt.Sprint(i)
			q.beginWrite(new(error))
			switch k % 4 {
			case 0: // an update
				q.statements = append(q.statements, Statement{Query: "UPDATE employees SET name = ? WHERE id = ?", Args: []any{name, name}})
			case 3: // an insert of another table
				q.statements = append(q.statements, Statement{Query: insertRowsSQL("history", []string{"id"}, 1), Args: []any{name}})
			default: // a create with k%4 emails
				insert := Statement{Query: "INSERT INTO employees (id, name) VALUES (?, ?)", Args: []any{name, name}}
				if k&16 != 0 { // resolving its manager: the one before it, or one stored
					manager := "stored"
					if k&32 != 0 {
						manager = fmt.Sprint(i - 1)
					}
					insert = Statement{Query: resolvingInsertForTest, Args: []any{name, name, manager}, Resolves: manager, Names: []string{name}}
				}
				q.statements = append(q.statements, insert,
					Statement{Query: insertRowsSQL("emails", []string{"id", "n"}, int(k%4)), Args: slices.Repeat([]any{name, name}, int(k%4))})
			}
			if k&8 == 0 { // else a write without its savepoints
				q.statements = append(q.statements, Statement{Query: "RELEASE SAVEPOINT " + sp}, Statement{Query: "SAVEPOINT " + sp})
			}
			q.endWrite()
		}
		q.pipe.running = running
		if ended {
			q.endWrites()
			q.statements = append(q.statements, Statement{Query: "COMMIT"})
		}
		before := slices.Clone(q.statements)
		send, run := q.pipe.merge(q.statements)
		if !slices.EqualFunc(q.statements, before, func(a, b Statement) bool { return a.Query == b.Query }) {
			t.Fatal("the statements merged changed")
		}
		rows := func(list []Statement) (map[string][]any, []string) {
			byTable, others := map[string][]any{}, []string{}
			for _, st := range list {
				if shape, _, ok := mergeableInsert(st); ok {
					byTable[shape.head] = append(byTable[shape.head], st.Args...)
				} else {
					others = append(others, st.Query)
				}
			}
			return byTable, others
		}
		wantRows, wantOthers := rows(before)
		gotRows, gotOthers := rows(send)
		for head, want := range wantRows {
			if !slices.Equal(gotRows[head], want) {
				t.Fatalf("%s: rows %v sent; want %v", head, gotRows[head], want)
			}
		}
		// The run's releases and savepoints but its last go.
		released := 0
		for k := range q.pipe.writes {
			if w := q.pipe.writes[k]; w.start >= run.from && w.start < run.to {
				released++
			}
		}
		if run.merged() {
			released-- // the run keeps one release and one savepoint
		}
		if len(gotOthers) != len(wantOthers)-2*max(released, 0) {
			t.Fatalf("%d other statements sent; want %d (%d writes merged)", len(gotOthers), len(wantOthers)-2*max(released, 0), released+1)
		}
		notSavepoints := func(list []string) []string {
			return slices.DeleteFunc(slices.Clone(list), func(q string) bool { return strings.HasSuffix(q, "SAVEPOINT "+sp) })
		}
		if !slices.Equal(notSavepoints(gotOthers), notSavepoints(wantOthers)) {
			t.Fatalf("sent %v; want %v in that order", gotOthers, wantOthers)
		}
		for i, st := range send {
			if j, own := run.original(i); own && before[j].Query != st.Query {
				t.Fatalf("sent %d (%q) is said to be %d (%q)", i, st.Query, j, before[j].Query)
			}
		}
		// An insert resolving a value that names an employee created
		// before it is sent after every row of that employee's.
		for r, st := range send {
			if st.Resolves == "" {
				continue
			}
			for i := r + 1; i < len(send); i++ {
				if slices.Contains(send[i].Args, any(st.Resolves)) && send[i].Resolves != st.Resolves {
					t.Fatalf("%q, which resolves %q, sent at %d before %q at %d, which has its rows", st.Args[0], st.Resolves, r, send[i].Query, i)
				}
			}
		}
	})
}
