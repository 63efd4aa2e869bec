package sqlstore

import (
	"strings"

	"roster/internal/directory"
)

// An employee's update names an indexed column only when its value
// changes. SQLite rewrites a row's entry in every index on a column the
// UPDATE's SET list names, whether the value changed or not: a PATCH of
// an employee's title, naming every column, rewrote its entries in the
// userName, manager, active and search indexes for nothing — four of
// the eleven pages it wrote to the WAL. (PostgreSQL decides by the
// values, for a HOT update; the narrower statement is the same there.)

// indexedColumns is a set of the employees columns that indexes, or a
// trigger on the column, are built on.
type indexedColumns uint8

const (
	userNameColumns   indexedColumns = 1 << iota // user_name and its fold: employees_user_name
	managerColumns                               // manager_value, its fold and manager_id: employees_manager*
	activeColumn                                 // active: employees_company_active_seq, employees_search
	searchColumn                                 // search_fold: employees_search, the trigram index's trigger
	allIndexedColumns = 1<<iota - 1
)

// indexedText is the set of each text column (textColumns) that indexes
// hold; the others are always written.
var indexedText = map[string]indexedColumns{
	"user_name":     userNameColumns,
	"manager_value": managerColumns,
	"manager_id":    managerColumns,
}

// textColumnSets[i] is indexedText of textColumns[i], looked up once: every
// create and update walks the columns.
var textColumnSets = func() []indexedColumns {
	sets := make([]indexedColumns, len(textColumns))
	for i, c := range textColumns {
		sets[i] = indexedText[c.name]
	}
	return sets
}()

// textColumnIn reports whether the statements of set name textColumns[i].
func textColumnIn(i int, set indexedColumns) bool {
	g := textColumnSets[i]
	return g&set == g
}

// updateEmployeeSQL[set] updates an employee's row (by seq), naming the
// indexed columns in set and every other column.
var updateEmployeeSQL = func() (statements [allIndexedColumns + 1]string) {
	for set := range statements {
		names := textColumnNamesOf(indexedColumns(set))
		if indexedColumns(set)&searchColumn != 0 {
			names = append(names, "search_fold")
		}
		if indexedColumns(set)&activeColumn != 0 {
			names = append(names, "active")
		}
		names = append(names, "status_changed_us", "modified_us", "version", "last_connection_id", "last_admin_id")
		statements[set] = `UPDATE employees SET ` + strings.Join(names, " = ?, ") + ` = ? WHERE seq = ?`
	}
	return statements
}()

// updateEmployeeArgs are the values of updateEmployeeSQL[set] writing e,
// modified at now, to the row seq.
func updateEmployeeArgs(e *directory.Employee, set indexedColumns, search string, now int64, seq int64) []any {
	args := appendTextValuesOf(make([]any, 0, len(textColumnNames)+8), e, set)
	if set&searchColumn != 0 {
		args = append(args, search)
	}
	if set&activeColumn != 0 {
		args = append(args, e.Active)
	}
	return append(args, micros(e.StatusChanged), now, e.Version,
		text(e.LastWriter.ConnectionID), text(e.LastWriter.AdminID), seq)
}

// changedIndexed is the set of indexed columns whose values differ
// between old and e, and e's search_fold.
func changedIndexed(old, e *directory.Employee) (indexedColumns, string) {
	var set indexedColumns
	if e.UserName != old.UserName {
		set |= userNameColumns
	}
	if e.Manager.Value != old.Manager.Value || e.Manager.TargetID != old.Manager.TargetID {
		set |= managerColumns
	}
	if e.Active != old.Active {
		set |= activeColumn
	}
	search := SearchFold(e)
	if search != SearchFold(old) {
		set |= searchColumn
	}
	return set, search
}
