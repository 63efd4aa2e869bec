package sqlstore

import (
	"context"
	"maps"

	"roster/internal/directory"
)

// Provenance (directory.Provenance) is stamped inside every employee
// write's transaction from directory.Diff: per attribute, who last set it.
// The employees row keeps the last writer of any attribute too
// (last_connection_id, last_admin_id), so that lists show it without a
// join.

// stampProvenance records that by made changes to e at e.LastModified,
// in e.Provenance and, unless they created e, in the table: what its
// creation set is told by the employee's creator columns (see
// creatorProvenance).
func (s *Store) stampProvenance(ctx context.Context, tx handle, e *directory.Employee, changes []directory.Change, by directory.Actor, created bool) error {
	if len(changes) == 0 {
		return nil
	}
	p := maps.Clone(e.Provenance)
	if p == nil {
		p = make(directory.Provenance, len(changes)) // a create's: one for each change
	}
	p.Stamp(changes, by, e.LastModified)
	e.Provenance = p
	if created {
		return nil
	}
	// One statement for all the changed attributes (a create changes a
	// dozen): on PostgreSQL each statement is a round trip, on SQLite a
	// VDBE run. An attribute appears once in an upsert (PostgreSQL
	// refuses to update a row twice in one statement).
	seen := make(map[string]bool, len(changes))
	var rows [][]any
	for _, c := range changes {
		if !seen[c.Attribute] {
			seen[c.Attribute] = true
			rows = append(rows, []any{e.ID, c.Attribute, text(by.ConnectionID), text(by.AdminID), micros(e.LastModified)})
		}
	}
	return insertRows(ctx, tx, &provenanceRows, rows)
}

// provenanceRows are who last wrote each attribute of an employee, and
// when: a later write of the attribute replaces its row.
var provenanceRows = rowsTable{name: "employee_provenance", columns: []string{"employee_id", "attribute", "connection_id", "admin_id", "at_us"},
	suffix: ` ON CONFLICT (employee_id, attribute) DO UPDATE SET connection_id = excluded.connection_id, admin_id = excluded.admin_id, at_us = excluded.at_us`}

// recordWrite is what an employee write (old nil for a creation; changes
// its Diff) keeps
// besides the employee itself, in its transaction: the writing
// connection's externalId and the provenance of what changed. (The
// attributes an owner kept from changing are in the write's activity
// log entry.)
func (s *Store) recordWrite(ctx context.Context, tx handle, e, old *directory.Employee, changes []directory.Change, by directory.Actor) error {
	var oldIDs []directory.ExternalID
	if old != nil {
		oldIDs = old.ExternalIDs
	}
	if err := s.writeExternalIDs(ctx, tx, e, oldIDs); err != nil {
		return err
	}
	return s.stampProvenance(ctx, tx, e, changes, by, old == nil)
}

// creatorProvenance completes e's provenance as read from the table: an
// attribute e has a value of and no row for was set by e's creation
// (every later write of an attribute stores a row), by its creator at its
// creation time. Its externalId is the creator's.
func creatorProvenance(e *directory.Employee, creator directory.Actor) {
	created := *e
	created.SeenBy(creator.ConnectionID)
	for _, c := range directory.Diff(nil, &created) {
		if _, ok := e.Provenance[c.Attribute]; !ok {
			e.Provenance[c.Attribute] = directory.SetBy{Actor: creator, At: e.Created}
		}
	}
}
