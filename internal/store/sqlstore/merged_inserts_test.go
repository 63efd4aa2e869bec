package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

func TestMergeableInsert(t *testing.T) {
	for _, tc := range []struct {
		query       string
		args, width int // width 0: not mergeable
		head        string
	}{
		{"INSERT INTO t (a, b) VALUES (?, ?)", 2, 2, "INSERT INTO t (a, b)"},
		{"INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", 4, 2, "INSERT INTO t (a, b)"},
		{"INSERT INTO status_changes (a, b)\n\t\tVALUES (?,?)", 2, 2, "INSERT INTO status_changes (a, b)"},
		{"INSERT INTO t (a) VALUES (?)", 1, 1, "INSERT INTO t (a)"},
		{"INSERT INTO t (a, b) VALUES (?, ?)", 3, 0, ""},      // args of another width
		{"INSERT INTO t (a, b) VALUES (?, ?), (?)", 3, 0, ""}, // rows of different widths
		{"INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING", 2, 0, ""},
		{"INSERT INTO t (a, b) VALUES (?, ?) RETURNING a", 2, 0, ""},
		{"INSERT INTO t (a, b) VALUES (?, 1)", 1, 0, ""},
		{"INSERT INTO t (a, b) VALUES (?, now())", 1, 0, ""},
		{"INSERT INTO t (a) VALUES ()", 0, 0, ""},
		{"INSERT INTO t (a) VALUES", 0, 0, ""},
		{"INSERT INTO t (a) VALUES (?),", 1, 0, ""},
		{"INSERT INTO t (a) VALUES (?) (?)", 2, 0, ""},
		{"INSERT INTO t VALUES (?)", 1, 0, ""}, // no column list
		{"INSERT INTO t (a) SELECT ? WHERE x IN (VALUES (?))", 2, 0, ""},
		{"INSERT INTO t (a) SELECT * FROM (VALUES (?)) v", 1, 0, ""},
		{"INSERT INTO t (\"A\") VALUES (?)", 1, 0, ""},
		{"UPDATE t SET a = ? WHERE b IN (VALUES (?))", 2, 0, ""},
		{"SAVEPOINT batch_call", 0, 0, ""},
	} {
		st := Statement{Query: tc.query, Args: make([]any, tc.args)}
		shape, rows, ok := mergeableInsert(st)
		if ok != (tc.width > 0) || ok && (shape.width != tc.width || shape.head != tc.head || rows*shape.width != tc.args) {
			t.Errorf("%q with %d args: %+v, %d rows, %v; want width %d, head %q", tc.query, tc.args, shape, rows, ok, tc.width, tc.head)
		}
	}
	read := Statement{Query: "INSERT INTO t (a) VALUES (?)", Args: []any{1}, Read: func(Rows) error { return nil }}
	if _, _, ok := mergeableInsert(read); ok {
		t.Error("a statement whose rows are read is mergeable")
	}
}

// Merged INSERTs hold the rows of those merged, in order, in pieces of
// powers of two rows.
func TestMergeInserts(t *testing.T) {
	shape := insertShape{head: "INSERT INTO t (a, b)", width: 2}
	var list []Statement
	var want []any
	for i := range 7 { // 1, 2, 3, 1, 2, 3, 1 rows: 13
		rows := i%3 + 1
		var args []any
		for r := range rows {
			args = append(args, i, r)
		}
		want = append(want, args...)
		list = append(list, Statement{Query: insertRowsSQL("t", []string{"a", "b"}, rows), Args: args})
	}
	merged := mergeInserts(shape, list)
	var got []any
	var sizes []int
	for _, st := range merged {
		s, rows, ok := mergeableInsert(st)
		if !ok || s != shape {
			t.Fatalf("merged into %q", st.Query)
		}
		sizes = append(sizes, rows)
		got = append(got, st.Args...)
	}
	if !slices.Equal(got, want) {
		t.Errorf("merged args %v; want %v", got, want)
	}
	if !slices.Equal(sizes, []int{8, 4, 1}) {
		t.Errorf("merged in pieces of %v rows; want 8, 4, 1", sizes)
	}
	big := mergeInserts(shape, slices.Repeat(list[:1], 200))
	if len(big) != 4 || !strings.HasSuffix(big[0].Query, strings.Repeat(", (?, ?)", mostMergedRows-1)) {
		t.Errorf("200 rows merged into %d statements; want 64, 64, 64, 8", len(big))
	}
}

func FuzzMergeableInsert(f *testing.F) {
	f.Add("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", 4)
	f.Add("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING", 1)
	f.Add("INSERT INTO t (a) SELECT * FROM (VALUES (?)) v", 1)
	f.Fuzz(func(t *testing.T, query string, args int) {
		if args < 0 || args > 1000 {
			return
		}
		st := Statement{Query: query, Args: make([]any, args)}
		shape, rows, ok := mergeableInsert(st)
		if !ok {
			return
		}
		// What is mergeable is an INSERT of placeholders alone, which
		// merging with itself reads as the same shape, with twice the rows.
		if strings.Count(query, "?") != args || rows*shape.width != args {
			t.Fatalf("%q: %d rows of %d for %d placeholders", query, rows, shape.width, args)
		}
		for _, m := range mergeInserts(shape, []Statement{st, st}) {
			s, _, ok := mergeableInsert(m)
			if !ok || s != shape {
				t.Fatalf("%q merged into %q", query, m.Query)
			}
		}
	})
}
