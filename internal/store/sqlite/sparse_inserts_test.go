package sqlite

import (
	"database/sql"
	"testing"

	"roster/internal/store/sqlstore"
)

// TestSparseInsertsLeaveNullsToNull: an INSERT that leaves out the
// columns it has no value for (Dialect.OmitsNullColumns) stores what
// naming them with NULL stored only if each of them that may be NULL
// defaults to NULL. (A NOT NULL column is always given a value.)
func TestSparseInsertsLeaveNullsToNull(t *testing.T) {
	s := openTest(t)
	inserts := sqlstore.SparseInserts()
	if len(inserts) < 2 {
		t.Fatalf("sparse inserts: %v; want the employees' and the activity log's at least", inserts)
	}
	for _, in := range inserts {
		defaults := map[string]sql.NullString{}
		nullable := map[string]bool{}
		rows, err := s.w.QueryContext(t.Context(), `SELECT name, "notnull", dflt_value FROM pragma_table_info(?)`, in.Table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			var notNull bool
			var def sql.NullString
			if err := rows.Scan(&name, &notNull, &def); err != nil {
				t.Fatal(err)
			}
			defaults[name], nullable[name] = def, !notNull
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		for _, c := range in.Columns {
			def, ok := defaults[c]
			switch {
			case !ok:
				t.Errorf("%s has no column %s", in.Table, c)
			case nullable[c] && def.Valid && def.String != "NULL":
				t.Errorf("%s.%s may be NULL and defaults to %s: a sparse insert leaving it out would store that instead", in.Table, c, def.String)
			}
		}
	}
}
