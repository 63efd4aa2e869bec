package sqlstore

import (
	"strings"
	"sync"
)

// Single-row INSERTs of the same table and columns, merged into
// multi-row ones (merged_writes.go says when). Only the plainest form is
// merged: "INSERT INTO t (columns) VALUES (?, …), (?, …)", every value a
// placeholder, nothing after the list — the form insertRows and the
// employee writes queue. Anything else (ON CONFLICT, RETURNING, a
// literal, a function) is left alone.

// insertShape is what a mergeable INSERT is: its text up to VALUES, and
// how many values a row has. A run of writes (merged_writes.go) also
// keeps in its place an INSERT sent whole: its text, whole set.
type insertShape struct {
	head  string
	width int
	whole bool
}

// mergeableInsert returns the shape of st and its rows, and whether st
// is a mergeable INSERT.
func mergeableInsert(st Statement) (insertShape, int, bool) {
	if st.Read != nil {
		return insertShape{}, 0, false
	}
	text := insertTextOf(st.Query)
	if !text.ok || text.shape.width*text.rows != len(st.Args) {
		return insertShape{}, 0, false
	}
	return text.shape, text.rows, true
}

// insertText is what a statement's text says of it as an INSERT.
type insertText struct {
	shape insertShape
	rows  int
	ok    bool
}

// insertTexts keeps insertTextOf's answers: the INSERTs are the store's
// own texts (one for each count of rows, for a table whose rows vary),
// and a Bulk request asks about each of its thousands of statements.
var insertTexts sync.Map // string → insertText

// insertTextOf reads query as a mergeable INSERT: its shape and rows,
// ok false for anything else.
func insertTextOf(query string) insertText {
	if !strings.HasPrefix(query, "INSERT INTO ") {
		return insertText{}
	}
	if t, ok := insertTexts.Load(query); ok {
		return t.(insertText)
	}
	var t insertText
	if at := strings.LastIndex(query, "VALUES"); at >= 0 {
		head := strings.TrimSpace(query[:at])
		if plainInsertHead(head) {
			width, rows, ok := placeholderRows(query[at+len("VALUES"):])
			t = insertText{insertShape{head: head, width: width}, rows, ok}
		}
	}
	if !t.ok {
		t = insertText{}
	}
	insertTexts.Store(query, t)
	return t
}

// plainInsertHead reports whether head is "INSERT INTO table (columns)",
// names and commas alone.
func plainInsertHead(head string) bool {
	table, columns, ok := strings.Cut(strings.TrimPrefix(head, "INSERT INTO "), "(")
	if !ok || !strings.HasSuffix(columns, ")") || strings.TrimSpace(table) == "" {
		return false
	}
	return onlyNames(table, "") && onlyNames(strings.TrimSuffix(columns, ")"), ",")
}

// onlyNames reports whether s holds nothing but lower-case names, digits,
// underscores, white space and the characters of also.
func onlyNames(s, also string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ' ' || c == '\n' || c == '\t' || strings.ContainsRune(also, c)) {
			return false
		}
	}
	return true
}

// placeholderRows reads a VALUES list of rows of placeholders alone —
// "(?, ?), (?, ?)", spaces anywhere between the tokens — and returns
// the values a row has and the number of rows; ok is false for anything
// else, rows of different widths included.
func placeholderRows(list string) (width, rows int, ok bool) {
	s := strings.TrimSpace(list)
	for s != "" {
		if rows > 0 {
			if s[0] != ',' {
				return 0, 0, false
			}
			s = strings.TrimSpace(s[1:])
		}
		if s == "" || s[0] != '(' {
			return 0, 0, false
		}
		s = s[1:]
		n := 0
		for {
			s = strings.TrimSpace(s)
			if s == "" || s[0] != '?' {
				return 0, 0, false
			}
			n++
			s = strings.TrimSpace(s[1:])
			if s == "" {
				return 0, 0, false
			}
			if s[0] == ')' {
				s = strings.TrimSpace(s[1:])
				break
			}
			if s[0] != ',' {
				return 0, 0, false
			}
			s = s[1:]
		}
		if rows > 0 && n != width {
			return 0, 0, false
		}
		width = n
		rows++
	}
	return width, rows, rows > 0
}

// mostMergedRows bounds the rows of a merged INSERT. The pieces are
// powers of two up to it, so that the statements a connection prepares
// for a table are a handful of texts, not one for every count of rows.
const mostMergedRows = 64

// mergeInserts merges the INSERTs of list, all of shape, with their
// rows in order, into as few statements as mostMergedRows allows.
func mergeInserts(shape insertShape, list []Statement) []Statement {
	total := 0
	for _, st := range list {
		total += len(st.Args)
	}
	args := make([]any, 0, total)
	for _, st := range list {
		args = append(args, st.Args...)
	}
	var out []Statement
	for len(args) > 0 {
		n := mostMergedRows
		for n*shape.width > len(args) {
			n /= 2
		}
		piece := args[: n*shape.width : n*shape.width]
		out = append(out, Statement{Query: mergedText(shape, n), Args: piece})
		args = args[n*shape.width:]
	}
	return out
}

// mergedTexts keeps mergedText's texts: a handful for each shape.
var mergedTexts sync.Map // mergedKey → string

type mergedKey struct {
	shape insertShape
	rows  int
}

// mergedText is the INSERT of rows rows of shape.
func mergedText(shape insertShape, rows int) string {
	key := mergedKey{shape, rows}
	if q, ok := mergedTexts.Load(key); ok {
		return q.(string)
	}
	q := shape.head + " VALUES " + valuesRows(shape.width, rows)
	mergedTexts.Store(key, q)
	return q
}
