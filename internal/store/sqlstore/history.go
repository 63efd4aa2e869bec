package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// An employee's history (directory.HistoryStore): status_changes and
// activity rows, appended by the employee writes inside their
// transaction and deleted with the employee (ON DELETE CASCADE).

// recordStatus appends e's current status to its history.
func (s *Store) recordStatus(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO status_changes (company_id, employee_id, active, at_us, connection_id, admin_id)
		VALUES (?, ?, ?, ?, ?, ?)`,
		e.CompanyID, e.ID, e.Active, micros(e.StatusChanged), text(by.ConnectionID), text(by.AdminID))
	return err
}

// recordActivity appends an entry to an employee's activity.
func (s *Store) recordActivity(ctx context.Context, tx handle, companyID, employeeID, kind, detail string, by directory.Actor, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO activity (company_id, employee_id, at_us, kind, detail, connection_id) VALUES (?, ?, ?, ?, ?, ?)`,
		companyID, employeeID, micros(now), kind, detail, text(by.ConnectionID))
	if err != nil {
		return err
	}
	return logActivityKind(ctx, tx, companyID, employeeID, kind, detail, by, now)
}

// requireEmployee is ENotFound unless the company has the employee: a
// history of another company's employee must not read as empty.
func requireEmployee(ctx context.Context, tx handle, companyID, employeeID string) error {
	if !directory.StorableText(employeeID) { // as in loadEmployee
		return directory.NotFound("employee %q not found", employeeID)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employees WHERE company_id = ? AND id = ?`, companyID, employeeID).Scan(&n); err != nil {
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
		rows, err := tx.QueryContext(ctx, `SELECT active, at_us, connection_id, admin_id FROM status_changes
			WHERE company_id = ? AND employee_id = ? ORDER BY id`, companyID, employeeID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := directory.StatusChange{EmployeeID: employeeID}
			var at int64
			if err := rows.Scan(&c.Active, &at, nullString{&c.ConnectionID}, nullString{&c.AdminID}); err != nil {
				return err
			}
			c.At = fromMicros(at)
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, s.wrap("status history", err)
	}
	return out, nil
}

// Activity lists the company's employee's activity entries, oldest first;
// ENotFound when the company has no such employee.
func (s *Store) Activity(ctx context.Context, companyID, employeeID string) ([]directory.Activity, error) {
	var out []directory.Activity
	err := s.read(ctx, func(tx handle) error {
		if err := requireEmployee(ctx, tx, companyID, employeeID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT at_us, kind, detail, connection_id FROM activity
			WHERE company_id = ? AND employee_id = ? ORDER BY id`, companyID, employeeID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a := directory.Activity{EmployeeID: employeeID}
			var at int64
			if err := rows.Scan(&at, &a.Kind, &a.Detail, nullString{&a.ConnectionID}); err != nil {
				return err
			}
			a.At = fromMicros(at)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, s.wrap("activity", err)
	}
	return out, nil
}
