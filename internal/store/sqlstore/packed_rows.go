package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"roster/internal/jsonstring"
)

// Packed rows. modernc's SQLite driver pays for every column of every row
// it reads, outside SQLite's own work: each value is two or three calls
// into the engine, each entering and leaving the connection's mutex, then
// a conversion by database/sql. A page of a thousand employees reads some
// sixty thousand values (their own columns and their details'), and that
// was a quarter of the page's CPU. Where the dialect packs rows
// (Dialect.PacksRows), the wide reads — an employee's columns, the
// details' — select their columns as one JSON array instead
// (packed), read as one text and unpacked here into the same
// destinations: one value a row.
//
// SQLite writes TEXT as a JSON string, INTEGER as a number and NULL as
// null; the tables these reads select from hold nothing else (json_array
// refuses a BLOB, and a REAL would not convert to the integers it is read
// into: either fails the read, loudly).

// packed is columns (a comma-separated select list) packed into one
// JSON array, as a dialect that packs rows selects them.
func packed(columns string) string { return "json_array(" + columns + ")" }

// rowsOf returns r as the rows of a query whose select list is packed
// where d packs rows: unpacked then.
func rowsOf(d Dialect, r Rows) Rows {
	if d.PacksRows() {
		return &packedRows{Rows: r}
	}
	return r
}

// rowOf is rowsOf for a single row.
func rowOf(d Dialect, r interface{ Scan(...any) error }) interface{ Scan(...any) error } {
	if d.PacksRows() {
		return packedRow{r}
	}
	return r
}

// packedRows reads rows of one packed column into the destinations of
// the columns packed.
type packedRows struct {
	Rows
	text string
}

func (p *packedRows) Scan(dest ...any) error {
	if err := p.Rows.Scan(&p.text); err != nil {
		return err
	}
	return unpackRow(p.text, dest)
}

// packedRow is packedRows for a single row (QueryRowContext).
type packedRow struct {
	r interface{ Scan(...any) error }
}

func (p packedRow) Scan(dest ...any) error {
	var text string
	if err := p.r.Scan(&text); err != nil {
		return err
	}
	return unpackRow(text, dest)
}

// packedValue is one value of a packed row: text (unescaped) for a
// string, the number's text for a number, the array's for an array.
type packedValue struct {
	kind packedKind
	text string
}

type packedKind uint8

const (
	packedNull packedKind = iota
	packedString
	packedNumber
	packedTrue
	packedFalse
	packedArray // its text whole, brackets included
)

var errPackedRow = errors.New("malformed packed row")

// unpackRow reads text, a JSON array of strings, numbers, booleans and
// nulls, into dest, one destination a value, as database/sql's Scan would
// have converted the columns themselves. Strings without escapes are
// slices of text: a row's values share its one allocation. Whitespace
// between values is skipped (PostgreSQL writes ", ").
func unpackRow(text string, dest []any) error {
	i := 0
	err := eachPacked(text, func(v packedValue) error {
		if i == len(dest) {
			return fmt.Errorf("%w: more values than the %d columns", errPackedRow, len(dest))
		}
		if err := assignPacked(dest[i], v); err != nil {
			return fmt.Errorf("packed column %d: %w", i, err)
		}
		i++
		return nil
	})
	if err == nil && i != len(dest) {
		err = fmt.Errorf("%w: %d values, %d columns", errPackedRow, i, len(dest))
	}
	return err
}

// eachPacked calls fn with each value of text, a JSON array; a value that
// is an array itself comes whole, as its text (packedArray).
func eachPacked(text string, fn func(packedValue) error) error {
	pos := skipSpace(text, 0)
	if pos >= len(text) || text[pos] != '[' {
		return fmt.Errorf("%w: %.40q", errPackedRow, text)
	}
	end, err := readArray(text, pos, fn)
	if err == nil && skipSpace(text, end) != len(text) {
		err = fmt.Errorf("%w: trailing text", errPackedRow)
	}
	return err
}

// readArray calls fn with each value of the array whose "[" is text[pos],
// and returns the position after its "]".
func readArray(text string, pos int, fn func(packedValue) error) (int, error) {
	pos = skipSpace(text, pos+1)
	if pos < len(text) && text[pos] == ']' {
		return pos + 1, nil
	}
	for {
		v, next, err := nextPackedValue(text, pos)
		if err != nil {
			return pos, err
		}
		if err := fn(v); err != nil {
			return pos, err
		}
		pos = skipSpace(text, next)
		switch {
		case pos < len(text) && text[pos] == ',':
			pos = skipSpace(text, pos+1)
		case pos < len(text) && text[pos] == ']':
			return pos + 1, nil
		default:
			return pos, fmt.Errorf("%w: unterminated array", errPackedRow)
		}
	}
}

// skipSpace returns the position of the first byte from pos on that is
// not JSON whitespace.
func skipSpace(text string, pos int) int {
	for pos < len(text) && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t') {
		pos++
	}
	return pos
}

// nextPackedValue reads the value at text[pos:]; next is the position
// after it.
func nextPackedValue(text string, pos int) (v packedValue, next int, err error) {
	if pos >= len(text) {
		return v, pos, fmt.Errorf("%w: ends early", errPackedRow)
	}
	switch c := text[pos]; {
	case c == '"':
		s, n, err := jsonstring.Read(text, pos)
		if err != nil {
			return v, pos, fmt.Errorf("%w: %v", errPackedRow, err)
		}
		return packedValue{packedString, s}, pos + n, nil
	case c == '[':
		end, err := readArray(text, pos, func(packedValue) error { return nil })
		return packedValue{packedArray, text[pos:end]}, end, err
	case c == '-' || c >= '0' && c <= '9':
		end := pos + 1
		for end < len(text) && (text[end] >= '0' && text[end] <= '9' || strings.IndexByte("+-.eE", text[end]) >= 0) {
			end++
		}
		return packedValue{packedNumber, text[pos:end]}, end, nil
	}
	for _, word := range [...]struct {
		text string
		kind packedKind
	}{{"null", packedNull}, {"true", packedTrue}, {"false", packedFalse}} {
		if strings.HasPrefix(text[pos:], word.text) {
			return packedValue{kind: word.kind, text: word.text}, pos + len(word.text), nil
		}
	}
	return v, pos, fmt.Errorf("%w: unexpected %q at %d", errPackedRow, text[pos], pos)
}

// assignPacked stores v in dest, a destination of the kinds the packed
// reads scan into.
func assignPacked(dest any, v packedValue) error {
	if v.kind == packedArray {
		return fmt.Errorf("an array where a column's value belongs: %.40q", v.text)
	}
	switch d := dest.(type) {
	case nullString:
		*d.p = v.text
		if v.kind == packedNull {
			*d.p = ""
		}
		return nil
	case *string:
		if v.kind == packedNull {
			return errors.New("converting NULL to string is unsupported")
		}
		*d = v.text
		return nil
	case *int64:
		if v.kind == packedNull {
			return errors.New("converting NULL to int64 is unsupported")
		}
		n, err := strconv.ParseInt(v.text, 10, 64)
		if err != nil {
			return err
		}
		*d = n
		return nil
	case **int64:
		if v.kind == packedNull {
			*d = nil
			return nil
		}
		n, err := strconv.ParseInt(v.text, 10, 64)
		if err != nil {
			return err
		}
		*d = &n
		return nil
	case *bool:
		switch {
		case v.kind == packedFalse || v.kind == packedNumber && v.text == "0":
			*d = false
		case v.kind == packedTrue || v.kind == packedNumber && v.text == "1":
			*d = true
		default:
			return fmt.Errorf("converting %q to bool is unsupported", v.text)
		}
		return nil
	case sql.Scanner:
		return d.Scan(v.driverValue())
	}
	return fmt.Errorf("unsupported destination %T", dest)
}

// driverValue is v as a driver would have given it: nil, int64 (or
// float64), bool or string.
func (v packedValue) driverValue() any {
	switch v.kind {
	case packedNull:
		return nil
	case packedTrue, packedFalse:
		return v.kind == packedTrue
	case packedNumber:
		if n, err := strconv.ParseInt(v.text, 10, 64); err == nil {
			return n
		}
		if f, err := strconv.ParseFloat(v.text, 64); err == nil {
			return f
		}
	}
	return v.text
}
