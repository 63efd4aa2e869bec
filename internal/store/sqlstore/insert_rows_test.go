package sqlstore

import "testing"

// A table's INSERT of n rows is insertRowsSQL's with the table's suffix,
// for every table the store writes rows of, each with its columns.
func TestRowsTablesInsert(t *testing.T) {
	for _, table := range []*rowsTable{&emailRows, &externalIDRows, &provenanceRows, &attributeValueRows, &valueListRows} {
		if len(table.columns) < 4 {
			t.Errorf("%s: columns %v", table.name, table.columns)
		}
		for _, n := range []int{1, 3, rowsPerInsert} {
			want := insertRowsSQL(table.name, table.columns, n) + table.suffix
			if got := table.insertSQL(n); got != want {
				t.Errorf("%s, %d rows:\n got %s\nwant %s", table.name, n, got, want)
			}
			if got := table.insertSQL(n); got != want {
				t.Errorf("%s, %d rows, built before:\n got %s\nwant %s", table.name, n, got, want)
			}
		}
	}
}
