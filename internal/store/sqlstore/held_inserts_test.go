package sqlstore

import (
	"reflect"
	"testing"
)

// Held rows are merged by table, each table's rows in the order held:
// runs of one shape merged, a change of shape starting another.
func TestMergeHeld(t *testing.T) {
	ab := func(v ...any) Statement { return Statement{Query: "INSERT INTO t (a, b) VALUES (?, ?)", Args: v} }
	a := func(v ...any) Statement { return Statement{Query: "INSERT INTO t (a) VALUES (?)", Args: v} }
	u := func(v ...any) Statement { return Statement{Query: "INSERT INTO u (x) VALUES (?), (?)", Args: v} }
	got := mergeHeld([]Statement{ab(1, 2), u(10, 11), ab(3, 4), a(5), u(12, 13), ab(6, 7)})
	want := []Statement{
		{Query: "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", Args: []any{1, 2, 3, 4}},
		{Query: "INSERT INTO t (a) VALUES (?)", Args: []any{5}},
		{Query: "INSERT INTO t (a, b) VALUES (?, ?)", Args: []any{6, 7}},
		{Query: "INSERT INTO u (x) VALUES (?), (?), (?), (?)", Args: []any{10, 11, 12, 13}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("merged:\n%v\nwant\n%v", got, want)
	}
}
