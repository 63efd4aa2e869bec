package sqlstore

import (
	"context"

	"roster/internal/directory"
)

// lockCompany checks that the company exists (ENotFound) and serialises
// the employee writes of the company until the transaction ends, which
// keeps reference resolution exact under PostgreSQL's READ COMMITTED.
func (s *Store) lockCompany(ctx context.Context, q handle, companyID string) error {
	if q.locked != "" && q.locked == companyID {
		return nil
	}
	var id string
	err := q.QueryRowContext(ctx, s.lockCompanySQL(), companyID).Scan(&id)
	if isNoRows(err) {
		return directory.NotFound("company %q not found", companyID)
	}
	return err
}

// lockCompanySQL selects the company's id, locking it as LockCompany says.
func (s *Store) lockCompanySQL() string {
	return `SELECT c.id FROM companies c WHERE c.id = ?` + s.d.LockCompany()
}

// employeeWrite is what an employee write needs to know of its company,
// read in two statements (one round trip where statements are sent
// together) once the write holds the company's lock: the
// attribute owners of the company, whether the guard holds any deletes
// in it (only then may a create be the re-create of a held one), and
// which of its employees' references wait for an employee to resolve to
// (only one they may name makes the write resolve them: refs.go,
// pending_refs.go).
type employeeWrite struct {
	owners      directory.Owners
	heldDeletes bool
	pending     pendingRefs
}

// lockForEmployeeWrite is lockCompany for an employee write, which also
// returns what the write needs to know of the company.
//
// The facts are read by statements of their own, after the lock is
// held, even though that is one more round trip on PostgreSQL: under
// READ COMMITTED a statement that waits for a row lock rechecks the
// locked row but reads every other table as it was when the statement
// began, so a locking statement would read the owners and holds from
// before the write it waited for (TestCompanyFactsReadAfterTheLock).
// SQLite locks nothing row by row (its writer's transaction excludes
// every other writer from its start), so there the lock is no statement.
func (s *Store) lockForEmployeeWrite(ctx context.Context, q handle, companyID string) (employeeWrite, error) {
	if w, ok := q.facts.of(companyID); ok {
		return w, nil // batch_facts.go: nothing to send
	}
	facts, err := s.lockForEmployeeWriteLater(ctx, q, companyID)
	if err == nil {
		err = q.flush(ctx)
	}
	if err != nil {
		return employeeWrite{}, err
	}
	return facts()
}

// lockForEmployeeWriteLater is lockForEmployeeWrite with the facts' read
// queued (later.go): they go with the write's next statement that is
// sent — an update's read of its employee — and facts returns them once
// it has been. Where statements are not queued they are read at once.
func (s *Store) lockForEmployeeWriteLater(ctx context.Context, q handle, companyID string) (facts func() (employeeWrite, error), err error) {
	if w, ok := q.facts.of(companyID); ok {
		return func() (employeeWrite, error) { return w, nil }, nil // batch_facts.go
	}
	switch {
	case s.d.LockCompany() == "" || q.locked == companyID:
	case q.queue != nil:
		// Sent with the statements before it, BEGIN at least: the facts
		// below say whether the company exists.
		if err := q.execLater(ctx, s.lockCompanySQL(), companyID); err != nil {
			return nil, err
		}
	default:
		if err := s.lockCompany(ctx, q, companyID); err != nil {
			return nil, err
		}
	}
	var w employeeWrite
	found := false
	read := func(rows Rows) error {
		for rows.Next() {
			found = true
			var id string
			var o directory.Owner
			if err := rows.Scan(&id, &w.heldDeletes, nullString{&o.Attribute}, nullString{&o.ConnectionID}, nullString{&o.ConnectionLabel}); err != nil {
				return err
			}
			if o.Attribute != "" {
				w.owners = append(w.owners, o)
			}
		}
		return rows.Err()
	}
	// Where statements are sent together, the facts go with what is
	// queued before them — BEGIN and the lock, for a write's first
	// statement — and after them, in one round trip.
	err = q.queryLater(ctx, read, `SELECT c.id, `+heldDeletesExistSQL("c.id", "?")+`,
		o.attribute, o.connection_id, n.label
		FROM companies c
		LEFT JOIN attribute_owners o ON o.company_id = c.id
		LEFT JOIN connections n ON n.id = o.connection_id
		WHERE c.id = ? ORDER BY o.attribute`, directory.GuardDelete, companyID)
	if err != nil {
		return nil, err
	}
	limit := q.facts.pendingBound()
	readPending := func(rows Rows) (err error) {
		w.pending, err = readPendingRefs(rows, limit)
		return err
	}
	if err := q.queryLater(ctx, readPending, pendingFoldsSQL, companyID, companyID, limit+1); err != nil {
		return nil, err
	}
	return func() (employeeWrite, error) {
		if !found {
			return employeeWrite{}, directory.NotFound("company %q not found", companyID)
		}
		q.facts.read(companyID, w)
		return w, nil
	}, nil
}

// applyOwners applies the company's owners to a write by by from old
// (nil for a creation) to e.
func (w employeeWrite) applyOwners(old, e *directory.Employee, by directory.Actor) []directory.NotApplied {
	if by.ConnectionID == "" {
		return nil // administrators are not subject to owners
	}
	return w.owners.Apply(old, e, by)
}
