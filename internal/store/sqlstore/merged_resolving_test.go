package sqlstore

import (
	"slices"
	"strings"
	"testing"
)

// A run of resolving inserts goes as merged statements of 16, 8, 4 and 2
// rows, the last one alone as it was; every placeholder has its argument,
// the rows' resolution arguments first.
func TestMergeResolving(t *testing.T) {
	text, at := resolvingInsert()
	if got := strings.Count(resolveSQL, "?"); got != resolveArgCount {
		t.Fatalf("resolveSQL has %d placeholders; want %d", got, resolveArgCount)
	}
	width := len(employeeInsert.columns) - 1 + resolveArgCount
	row := func(k int) Statement {
		args := make([]any, width)
		for i := range args {
			args[i] = k*1000 + i
		}
		return Statement{Query: text, Args: args}
	}
	var list []Statement
	for k := range 16 + 4 + 2 + 1 {
		list = append(list, row(k))
	}
	out := mergeResolving(list)
	var rows []int
	for _, st := range out {
		if st.Query == text {
			rows = append(rows, 1)
		} else {
			rows = append(rows, strings.Count(st.Query, "FROM r WHERE"))
		}
		if n := strings.Count(st.Query, "?"); n != len(st.Args) {
			t.Errorf("%d placeholders, %d arguments", n, len(st.Args))
		}
	}
	if !slices.Equal(rows, []int{16, 4, 2, 1}) {
		t.Fatalf("rows %v; want [16 4 2 1]", rows)
	}
	// The first merged statement: its 16 rows' resolution arguments, then
	// their other values, each row in order.
	first := out[0].Args
	if first[0] != at || first[resolveArgCount] != 1000+at || first[16*resolveArgCount] != 0 {
		t.Errorf("arguments begin %v; want the rows' resolution arguments first, in order", first[:resolveArgCount+1])
	}
	if got := out[3]; got.Query != text || got.Args[0] != 22000 {
		t.Errorf("the last row: %q; want its own statement", got.Query[:40])
	}
	// Another statement sent whole is left as it is.
	other := []Statement{{Query: "INSERT INTO t (a) SELECT 1"}, {Query: "INSERT INTO t (a) SELECT 1"}}
	if got := mergeResolving(other); len(got) != 2 || got[0].Query != other[0].Query {
		t.Errorf("another statement sent whole: %v", got)
	}
}
