package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// An employee's history (directory.HistoryStore): status_changes and
// activity rows, appended by the employee writes inside their
// transaction and deleted with the employee (SQLite: ON DELETE CASCADE;
// PostgreSQL: a statement trigger, migration 0029).

// recordStatus appends e's current status to its history.
func (s *Store) recordStatus(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor) error {
	return tx.execLater(ctx, `INSERT INTO status_changes (company_id, employee_id, active, at_us, connection_id, admin_id)
		VALUES (?, ?, ?, ?, ?, ?)`,
		e.CompanyID, e.ID, e.Active, micros(e.StatusChanged), text(by.ConnectionID), text(by.AdminID))
}

// recordActivity appends roster's own change to an employee (a reference
// resolved or cleared) to the activity log, in the write's transaction.
func (s *Store) recordActivity(ctx context.Context, tx handle, companyID, employeeID, kind, detail string, by directory.Actor, now time.Time) error {
	return logActivityKind(ctx, tx, companyID, employeeID, kind, detail, by, now)
}

// requireEmployee is ENotFound unless the company has the employee: a
// history of another company's employee must not read as empty. One
// whose delete the guard holds is gone for the directory.
func requireEmployee(ctx context.Context, tx handle, companyID, employeeID string) error {
	if !directory.StorableText(employeeID) { // as in loadEmployee
		return directory.NotFound("employee %q not found", employeeID)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees e`+employeeByID(false), companyID, employeeID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return directory.NotFound("employee %q not found", employeeID)
	}
	return nil
}

// StatusHistory lists the company's employee's status changes, oldest
// first; ENotFound when the company has no such employee.
func (s *Store) StatusHistory(ctx context.Context, companyID, employeeID string) ([]directory.StatusChange, error) {
	var out []directory.StatusChange
	err := s.read(ctx, func(tx handle) error {
		if err := requireEmployee(ctx, tx, companyID, employeeID); err != nil {
			return err
		}
		var err error
		out, err = statusHistory(ctx, tx, companyID, employeeID)
		return err
	})
	if err != nil {
		return nil, s.wrap("status history", err)
	}
	return out, nil
}

// statusHistory reads the status changes of the company's employee,
// oldest first; none when there is no such employee.
func statusHistory(ctx context.Context, tx handle, companyID, employeeID string) ([]directory.StatusChange, error) {
	rows, err := tx.QueryContext(ctx, `SELECT active, at_us, connection_id, admin_id FROM status_changes
		WHERE company_id = ? AND employee_id = ? ORDER BY id`, companyID, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.StatusChange
	for rows.Next() {
		c := directory.StatusChange{EmployeeID: employeeID}
		var at int64
		if err := rows.Scan(&c.Active, &at, nullString{&c.ConnectionID}, nullString{&c.AdminID}); err != nil {
			return nil, err
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Activity lists the company's employee's activity entries, oldest first;
// ENotFound when the company has no such employee.
func (s *Store) Activity(ctx context.Context, companyID, employeeID string) ([]directory.Activity, error) {
	var out []directory.Activity
	err := s.read(ctx, func(tx handle) error {
		if err := requireEmployee(ctx, tx, companyID, employeeID); err != nil {
			return err
		}
		// To name the company attributes owners kept, as people know them.
		defs, err := s.loadAttributes(ctx, tx, companyID, "")
		if err != nil {
			return err
		}
		// One log: the employee's activity is its log entries of roster's
		// own changes, and the attributes owners kept from its writes.
		rows, err := tx.QueryContext(ctx, `SELECT at_us, operation, detail, connection_id, not_applied FROM activity_log
			WHERE company_id = ? AND employee_id = ? AND (operation IN (?, ?) OR not_applied IS NOT NULL) ORDER BY id`,
			companyID, employeeID, directory.OpReferenceResolved, directory.OpReferenceCleared)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a := directory.Activity{EmployeeID: employeeID}
			var at int64
			var op, notApplied string
			if err := rows.Scan(&at, &op, nullString{&a.Detail}, nullString{&a.ConnectionID}, nullString{&notApplied}); err != nil {
				return err
			}
			a.At = fromMicros(at)
			if kind, ok := activityKinds[op]; ok {
				a.Kind = kind
				out = append(out, a)
				continue
			}
			list, err := decodeNotApplied(notApplied)
			if err != nil {
				return err
			}
			for _, n := range list {
				if n.ByOwner() {
					a.Kind, a.Detail = directory.ActivityNotApplied, n.ActivityDetail(defs)
					out = append(out, a)
				}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, s.wrap("activity", err)
	}
	return out, nil
}

// activityKinds are the employee activity kinds of roster's own log
// operations (the inverse of ownOps).
var activityKinds = func() map[string]string {
	m := map[string]string{}
	for kind, op := range ownOps {
		m[op] = kind
	}
	return m
}()
