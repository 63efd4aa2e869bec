package sqlstore

import (
	"context"
	"strings"
)

// rowsPerInsert bounds the rows of one multi-row INSERT, and so its
// parameters (SQLite allows 32,766, PostgreSQL 65,535).
const rowsPerInsert = 100

// insertRows inserts rows (each holding one value per column) into table
// in as few statements as rowsPerInsert allows: an employee's emails,
// values or external ids are one statement, not one each — on PostgreSQL
// a round trip each, inside the company's lock. suffix follows the
// VALUES list (an ON CONFLICT clause, or "").
func insertRows(ctx context.Context, tx handle, table string, columns []string, suffix string, rows [][]any) error {
	for len(rows) > 0 {
		n := min(len(rows), rowsPerInsert)
		args := make([]any, 0, n*len(columns))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if err := tx.execLater(ctx, insertRowsSQL(table, columns, n)+suffix, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertRowsSQL is the INSERT of n rows into table's columns.
func insertRowsSQL(table string, columns []string, n int) string {
	row := "(" + placeholders(len(columns)) + ")"
	return "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES " +
		row + strings.Repeat(", "+row, n-1)
}
