package sqlstore

import (
	"strconv"
	"strings"
	"sync"
)

// Inserts that resolve their managers, merged (PostgreSQL).
//
// A Bulk create naming its manager resolves it in its own insert
// (refs.go's employeeInsertResolving): manager_id is resolveSQL's answer,
// a four-branch union. Merged into a multi-row INSERT with each row's
// union in the text, PostgreSQL planned 64 unions at each execution
// (slower than unmerged, the twenty-fifth round); unmerged, each is an
// executor of its own — 259 µs of PostgreSQL's time against about 60 µs
// a row merged (the twenty-eighth round, a tree of 20,000 logged). So
// a run of them (merged_writes.go) is sent as one statement whose rows'
// resolutions are one query correlated to a VALUES list of their
// arguments, planned once:
//
//	WITH v (k, a1, …, a9) AS (VALUES (1, ?, …), (2, ?, …)),
//	r AS (SELECT v.k, (SELECT id FROM (resolveSQL on v.a1 … v.a9) best) AS id FROM v)
//	INSERT INTO employees (…) VALUES (…, (SELECT id FROM r WHERE k = 1), …), (…)
//
// Each resolution reads the statement's snapshot, as its insert alone
// did: none sees another row of the statement, and merged_writes.go
// takes no write into a run whose resolution may name an employee of a
// write before it. The resolution's arguments are text, which a VALUES
// list of untyped parameters gives them.

// resolveArgCount is the number of resolveSQL's arguments (resolveArgs).
const resolveArgCount = 9

// mostMergedResolving bounds the rows of a merged resolving insert: its
// texts are 2, 4, 8 and 16 rows. A statement's first executions on a
// connection are planned for their values (PostgreSQL's custom plans),
// which for 64 rows took 24 ms a statement: the larger texts, rarely
// sent, were planned so nearly every time (378 µs a row at 64, 161 at
// 4 and 16).
const mostMergedResolving = 16

// mergeResolving merges list, inserts of employeeInsertResolving's one
// text, with their rows in order, into as few statements as
// mostMergedResolving allows. A merged statement that fails is sent
// again unmerged, as any of a run's (merged_writes.go's unmerge).
func mergeResolving(list []Statement) []Statement {
	text, at := resolvingInsert()
	for _, st := range list {
		if st.Query != text || len(st.Args) != len(employeeInsert.columns)-1+resolveArgCount {
			return list // no resolving insert of this build's: sent as it is
		}
	}
	var out []Statement
	for len(list) > 0 {
		n := mostMergedResolving
		for n > len(list) {
			n /= 2
		}
		piece := list[:n]
		list = list[n:]
		if n == 1 {
			out = append(out, piece[0]) // its own text, the one sent unmerged
			continue
		}
		args := make([]any, 0, n*len(piece[0].Args))
		for _, st := range piece {
			args = append(args, st.Args[at:at+resolveArgCount]...)
		}
		for _, st := range piece {
			args = append(args, st.Args[:at]...)
			args = append(args, st.Args[at+resolveArgCount:]...)
		}
		out = append(out, Statement{Query: mergedResolvingText(n), Args: args})
	}
	return out
}

// mergedResolvingTexts keeps mergedResolvingText's texts, by rows.
var mergedResolvingTexts sync.Map // int → string

// mergedResolvingText is the merged insert of rows resolving inserts
// (see above).
func mergedResolvingText(rows int) string {
	if q, ok := mergedResolvingTexts.Load(rows); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString("WITH v (k")
	for i := 1; i <= resolveArgCount; i++ {
		b.WriteString(", a" + strconv.Itoa(i))
	}
	b.WriteString(") AS (VALUES ")
	for k := 1; k <= rows; k++ {
		if k > 1 {
			b.WriteString(", ")
		}
		b.WriteString("(" + strconv.Itoa(k) + ", " + placeholders(resolveArgCount) + ")")
	}
	b.WriteString("),\n\tr AS (SELECT v.k, (SELECT id FROM (" + correlatedResolveSQL() + ") best) AS id FROM v)\n\t")
	b.WriteString(resolvingInsertHead())
	for k := 1; k <= rows; k++ {
		if k > 1 {
			b.WriteString(", ")
		}
		b.WriteString(employeeRowWithManager("(SELECT id FROM r WHERE r.k = " + strconv.Itoa(k) + ")"))
	}
	q := b.String()
	mergedResolvingTexts.Store(rows, q)
	return q
}

// correlatedResolveSQL is resolveSQL with its arguments v's columns
// a1 … a9, in order.
var correlatedResolveSQL = sync.OnceValue(func() string {
	parts := strings.Split(resolveSQL, "?")
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("v.a" + strconv.Itoa(i))
		}
		b.WriteString(p)
	}
	return b.String()
})
