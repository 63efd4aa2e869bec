package sqlstore

import (
	"context"
	"strings"
	"sync"
)

// rowsPerInsert bounds the rows of one multi-row INSERT, and so its
// parameters (SQLite allows 32,766, PostgreSQL 65,535).
const rowsPerInsert = 100

// rowsTable is a table that insertRows writes: its name, its columns,
// what follows its VALUES list (an ON CONFLICT clause, or ""), and its
// INSERT of each number of rows, built once — every employee write
// inserts its emails, values or external ids, and built the same text
// anew each time.
type rowsTable struct {
	name    string
	columns []string
	suffix  string
	inserts sync.Map // number of rows → statement
}

// insertSQL is the table's INSERT of n rows.
func (t *rowsTable) insertSQL(n int) string {
	if q, ok := t.inserts.Load(n); ok {
		return q.(string)
	}
	q := insertRowsSQL(t.name, t.columns, n) + t.suffix
	t.inserts.Store(n, q)
	return q
}

// insertRows inserts rows (each holding one value per column) into table
// in as few statements as rowsPerInsert allows: an employee's emails,
// values or external ids are one statement, not one each — on PostgreSQL
// a round trip each, inside the company's lock.
func insertRows(ctx context.Context, tx handle, table *rowsTable, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args := make([]any, 0, n*len(table.columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if err := tx.execLater(ctx, table.insertSQL(n), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertRowsSQL is the INSERT of n rows into table's columns.
func insertRowsSQL(table string, columns []string, n int) string {
	return "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " + valuesRows(len(columns), n)
}

// valuesRows is the VALUES list of n rows of width parameters each.
func valuesRows(width, n int) string {
	row := "(" + placeholders(width) + ")"
	return row + strings.Repeat(", "+row, n-1)
}
