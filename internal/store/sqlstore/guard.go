package sqlstore

import (
	"context"
	"fmt"
	"time"

	"roster/internal/directory"
)

// The mass-deactivation guard (directory.GuardStore, directory/guard.go).
// updateEmployee asks guardDeactivation inside its transaction, after
// the company is locked, so that concurrent writes of one connection
// count each other. A held deactivation is stored in the employee row
// but not in status_changes, which survey audiences are computed from.

// GuardPolicy returns the company's policy.
func (s *Store) GuardPolicy(ctx context.Context, companyID string) (directory.GuardPolicy, error) {
	var p directory.GuardPolicy
	err := s.read(ctx, func(tx handle) error {
		if err := requireCompany(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		p, err = loadGuardPolicy(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return directory.GuardPolicy{}, s.wrap("guard policy", err)
	}
	return p, nil
}

// SetGuardPolicy stores the company's policy.
func (s *Store) SetGuardPolicy(ctx context.Context, companyID string, p directory.GuardPolicy) error {
	if err := p.Validate(); err != nil {
		return s.wrap("set guard policy", err)
	}
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM guard_policies WHERE company_id = ?`, companyID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO guard_policies (company_id, percent, min_count, window_us) VALUES (?, ?, ?, ?)`,
			companyID, p.Percent, p.Min, p.Window.Microseconds())
		return err
	})
	return s.wrap("set guard policy", err)
}

func loadGuardPolicy(ctx context.Context, tx handle, companyID string) (directory.GuardPolicy, error) {
	p := directory.DefaultGuardPolicy
	var window int64
	err := tx.QueryRowContext(ctx, `SELECT percent, min_count, window_us FROM guard_policies WHERE company_id = ?`, companyID).
		Scan(&p.Percent, &p.Min, &window)
	if isNoRows(err) {
		return directory.DefaultGuardPolicy, nil
	}
	p.Window = time.Duration(window) * time.Microsecond
	return p, err
}

// count runs a COUNT(*) query.
func count(ctx context.Context, tx handle, query string, args ...any) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// guardDeactivation decides whether e's deactivation by a connection is
// held, and records the hold if so. A connection with unreleased holds
// has all its deactivations held; otherwise the ones it applied since
// the window began (or its last release, if later) are counted against
// the company's active employees as they were before them (held ones
// are active for audiences).
func (s *Store) guardDeactivation(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, now time.Time) (bool, error) {
	held, err := count(ctx, tx, `SELECT COUNT(*) FROM guard_holds WHERE company_id = ? AND released_us IS NULL AND connection_id = ?`,
		e.CompanyID, by.ConnectionID)
	if err != nil {
		return false, err
	}
	if held > 0 {
		return true, holdDeactivation(ctx, tx, e, by, now)
	}
	p, err := loadGuardPolicy(ctx, tx, e.CompanyID)
	if err != nil {
		return false, err
	}
	since := micros(now.Add(-p.Window))
	var released *int64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(released_us) FROM guard_holds WHERE company_id = ? AND connection_id = ?`,
		e.CompanyID, by.ConnectionID).Scan(&released); err != nil {
		return false, err
	}
	if released != nil && *released >= since {
		since = *released + 1 // a release starts the count again
	}
	deactivated, err := count(ctx, tx, `SELECT COUNT(*) FROM status_changes WHERE company_id = ? AND connection_id = ? AND at_us >= ? AND active = ?`,
		e.CompanyID, by.ConnectionID, since, false)
	if err != nil {
		return false, err
	}
	deleted, err := count(ctx, tx, `SELECT COUNT(*) FROM activity_log WHERE company_id = ? AND connection_id = ? AND at_us >= ?
		AND operation = ? AND status < 400`, e.CompanyID, by.ConnectionID, since, directory.OpDelete)
	if err != nil {
		return false, err
	}
	active, err := count(ctx, tx, `SELECT COUNT(*) FROM employees WHERE company_id = ? AND active = ?`, e.CompanyID, true)
	if err != nil {
		return false, err
	}
	heldAll, err := count(ctx, tx, `SELECT COUNT(*) FROM guard_holds WHERE company_id = ? AND released_us IS NULL`, e.CompanyID)
	if err != nil {
		return false, err
	}
	// e itself is still counted active: the row is written afterwards.
	applied := deactivated + deleted
	if !p.Holds(active+heldAll+applied, applied) {
		return false, nil
	}
	return true, holdDeactivation(ctx, tx, e, by, now)
}

// holdDeactivation records e's held deactivation.
func holdDeactivation(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO guard_holds (company_id, connection_id, employee_id, kind, at_us, request_id) VALUES (?, ?, ?, ?, ?, ?)`,
		e.CompanyID, by.ConnectionID, e.ID, directory.GuardDeactivate, micros(now), text(requestIDOf(by)))
	return err
}

// clearGuardHold drops the employee's unreleased hold (it is being
// reactivated) and reports whether there was one.
func clearGuardHold(ctx context.Context, tx handle, employeeID string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM guard_holds WHERE employee_id = ? AND released_us IS NULL`, employeeID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// GuardHolds lists the company's unreleased holds, oldest first.
func (s *Store) GuardHolds(ctx context.Context, companyID string) ([]directory.GuardHold, error) {
	var out []directory.GuardHold
	err := s.read(ctx, func(tx handle) error {
		if err := requireCompany(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		out, err = loadGuardHolds(ctx, tx, companyID, "")
		return err
	})
	if err != nil {
		return nil, s.wrap("guard holds", err)
	}
	return out, nil
}

// loadGuardHolds reads the company's unreleased holds, of one connection
// unless connectionID is "".
func loadGuardHolds(ctx context.Context, tx handle, companyID, connectionID string) ([]directory.GuardHold, error) {
	rows, err := tx.QueryContext(ctx, `SELECT connection_id, employee_id, kind, at_us, request_id FROM guard_holds
		WHERE company_id = ? AND released_us IS NULL AND (? = '' OR connection_id = ?) ORDER BY at_us, id`,
		companyID, connectionID, connectionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.GuardHold
	for rows.Next() {
		h := directory.GuardHold{CompanyID: companyID}
		var at int64
		if err := rows.Scan(&h.ConnectionID, &h.EmployeeID, &h.Kind, &at, nullString{&h.RequestID}); err != nil {
			return nil, err
		}
		h.At = fromMicros(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// ReleaseGuardHolds writes the held deactivations to the status history
// at their original times. Rounds that opened since are frozen first,
// so that they keep the held employees they were computed with.
func (s *Store) ReleaseGuardHolds(ctx context.Context, companyID, connectionID string, by directory.Actor) (int, error) {
	var n int
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		holds, err := loadGuardHolds(ctx, tx, companyID, connectionID)
		if err != nil || len(holds) == 0 {
			return err
		}
		now := s.clock()
		if err := freezeOpened(ctx, tx, companyID, now); err != nil {
			return err
		}
		for _, h := range holds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO status_changes (company_id, employee_id, active, at_us, connection_id) VALUES (?, ?, ?, ?, ?)`,
				companyID, h.EmployeeID, false, micros(h.At), h.ConnectionID); err != nil {
				return err
			}
			detail := fmt.Sprintf("deactivation by connection %q at %s (request %q), held by the mass-deactivation guard, released",
				h.ConnectionID, h.At.UTC().Format(time.RFC3339), h.RequestID)
			if err := logActivityKind(ctx, tx, companyID, h.EmployeeID, directory.ActivityGuardReleased, detail, by, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE guard_holds SET released_us = ? WHERE company_id = ? AND released_us IS NULL AND (? = '' OR connection_id = ?)`,
			micros(now), companyID, connectionID, connectionID); err != nil {
			return err
		}
		n = len(holds)
		return nil
	})
	if err != nil {
		return 0, s.wrap("release guard holds", err)
	}
	return n, nil
}

// freezeOpened freezes the company's rounds opened by now.
func freezeOpened(ctx context.Context, tx handle, companyID string, now time.Time) error {
	due, err := dueRounds(ctx, tx, companyID, now)
	if err != nil {
		return err
	}
	for _, r := range due {
		if err := freeze(ctx, tx, r, now); err != nil {
			return err
		}
	}
	return nil
}

// guardStatus applies the guard to a change of e's Active and reports
// whether the change goes into the status history: not when the
// deactivation is held, nor when a reactivation ends a hold (audiences
// never saw the employee leave).
func (s *Store) guardStatus(ctx context.Context, tx handle, e *directory.Employee, by directory.Actor, now time.Time) (bool, error) {
	if e.Active {
		cleared, err := clearGuardHold(ctx, tx, e.ID)
		return !cleared, err
	}
	if by.ConnectionID == "" {
		return true, nil // administrators are not guarded against
	}
	held, err := s.guardDeactivation(ctx, tx, e, by, now)
	return !held, err
}
