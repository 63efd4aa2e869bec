package sqlstore

import (
	"context"
	"slices"

	"roster/internal/directory"
	"roster/internal/scim/filter"
)

// External ids are kept per connection in employee_external_ids
// (directory.ExternalID): a write stores Employee.ExternalID as the
// writing connection's value, and a query reads and filters its viewer's.

// takeExternalID makes e's ExternalIDs hold e.ExternalID as by's value,
// from stored, the ExternalIDs before the write (whatever fn did to them).
func takeExternalID(e *directory.Employee, stored []directory.ExternalID, by directory.Actor) {
	e.ExternalIDs = stored
	e.SetExternalID(by.ConnectionID, e.ExternalID)
}

// writeExternalIDs stores the change of e's ExternalIDs from old.
func (s *Store) writeExternalIDs(ctx context.Context, tx handle, e *directory.Employee, old []directory.ExternalID) error {
	if slices.Equal(e.ExternalIDs, old) {
		return nil
	}
	// old is what is stored: with none, there is nothing to delete (a
	// create saves the statement).
	if len(old) > 0 {
		if err := tx.execLater(ctx, `DELETE FROM employee_external_ids WHERE employee_id = ?`, e.ID); err != nil {
			return err
		}
	}
	rows := make([][]any, len(e.ExternalIDs))
	for i, x := range e.ExternalIDs {
		rows[i] = []any{e.ID, e.CompanyID, x.ConnectionID, x.Value}
	}
	return insertRows(ctx, tx, &externalIDRows, rows)
}

// externalIDRows are the employees' external ids, one per connection.
var externalIDRows = rowsTable{name: "employee_external_ids", columns: []string{"employee_id", "company_id", "connection_id", "value"}}

// externalIDColumn is externalId's column in employee_external_ids
// (alias x), for the viewer's own value.
var externalIDColumn = column{name: "value", external: true}

// externalIDIn wraps a condition on the viewer's externalId row (alias x)
// into "the employee has such a value": served for "externalId eq" by an
// index of the values by company — on SQLite (company_id, value), whose
// entries carry the connection (the table's primary key), on PostgreSQL
// (company_id, connection_id, value).
func (c *compiler) externalIDIn(x filter.Compare, col column) (string, error) {
	if x.Op == filter.Eq && x.Value == nil {
		// No value of the viewer: the negation of "pr".
		s, err := c.externalIDIn(filter.Compare{Attr: x.Attr, Op: filter.Pr}, col)
		return "((" + s + ") IS NOT TRUE)", err
	}
	head := "e.id IN (SELECT x.employee_id FROM employee_external_ids x WHERE x.company_id = " + c.bind(c.company) +
		" AND x.connection_id = " + c.bind(c.viewer)
	s, err := c.leaf(x, column{name: col.name}, "x.")
	if err != nil {
		return "", err
	}
	return head + " AND " + s + ")", nil
}

// externalIDSort is the sort key of externalId: the viewer's value.
func (c *compiler) externalIDSort(bind func(any) string) string {
	return "(SELECT x.value FROM employee_external_ids x WHERE x.employee_id = e.id AND x.connection_id = " + bind(c.viewer) + ")"
}
