package sqlstore

import (
	"context"
	"fmt"
	"time"

	"roster/internal/directory"
)

// The mass-deactivation guard (directory.GuardStore, directory/guard.go).
// updateEmployee and deleteEmployee ask guardWrite inside their
// transaction, after the company is locked, so that concurrent writes of
// one connection count each other. A held deactivation is stored in the
// employee row but not in status_changes, which survey audiences are
// computed from. A held delete keeps the row and its history, hidden:
// employees.held_deleted_us is set (migration 0016), which every read of
// SCIM and the directory excludes (liveSQL) and survey audiences do not.

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

// guardWrite decides whether e's deactivation or delete (kind, a
// directory.Guard* kind) by a connection is held, and records the hold
// if so. A connection with unreleased holds has all its deactivations
// and deletes held; otherwise the ones it applied since the window began
// (or its last release, if later) are counted against the company's
// active employees as they were before them (held ones are active for
// audiences).
func (s *Store) guardWrite(ctx context.Context, tx handle, e *directory.Employee, kind string, by directory.Actor, now time.Time) (bool, error) {
	held, err := count(ctx, tx, `SELECT COUNT(*) FROM guard_holds WHERE company_id = ? AND released_us IS NULL AND connection_id = ?`,
		e.CompanyID, by.ConnectionID)
	if err != nil {
		return false, err
	}
	if held > 0 {
		return true, hold(ctx, tx, e, kind, by, now)
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
	// Deletions applied (held ones are not there until released).
	deleted, err := count(ctx, tx, `SELECT COUNT(*) FROM employee_deletions WHERE company_id = ? AND connection_id = ? AND at_us >= ?`,
		e.CompanyID, by.ConnectionID, since)
	if err != nil {
		return false, err
	}
	// Held deletes are among the holds counted next.
	active, err := count(ctx, tx, `SELECT COUNT(*) FROM employees e WHERE e.company_id = ? AND e.active = ? AND `+liveSQL, e.CompanyID, true)
	if err != nil {
		return false, err
	}
	heldAll, err := count(ctx, tx, `SELECT COUNT(*) FROM guard_holds WHERE company_id = ? AND released_us IS NULL`, e.CompanyID)
	if err != nil {
		return false, err
	}
	applied := deactivated + deleted
	if !p.Holds(active+heldAll+applied, applied) {
		return false, nil
	}
	return true, hold(ctx, tx, e, kind, by, now)
}

// hold records e's held deactivation or delete (kind); a delete's keeps
// the employee's userName fold, which its row gives up (holdDelete).
func hold(ctx context.Context, tx handle, e *directory.Employee, kind string, by directory.Actor, now time.Time) error {
	fold := ""
	if kind == directory.GuardDelete {
		fold = Fold(e.UserName)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO guard_holds (company_id, connection_id, employee_id, kind, at_us, request_id, user_name_fold)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.CompanyID, by.ConnectionID, e.ID, kind, micros(now), text(requestIDOf(by)), text(fold))
	return err
}

// heldUserNameFold is the user_name_fold of an employee whose delete is
// held: its userName is free for another, and no "userName eq" finds
// it. No userName folds to it: a fold has no upper-case letter.
func heldUserNameFold(id string) string { return "HELD:" + id }

// holdDelete hides e (stored at seq), whose delete by is held (the hold
// is recorded): gone for SCIM and the directory, so others' references
// to it are cleared as a delete clears them, but its row and history
// stay for survey audiences. The log entry is the delete's, saying it
// was held.
func (s *Store) holdDelete(ctx context.Context, tx handle, e *directory.Employee, seq int64, by directory.Actor, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE employees SET held_deleted_us = ?, user_name_fold = ? WHERE seq = ?`,
		micros(now), heldUserNameFold(e.ID), seq); err != nil {
		return err
	}
	if err := s.clearReferencesTo(ctx, tx, e, by, now); err != nil {
		return err
	}
	return s.logWrite(ctx, tx, by, directory.OpDelete, e, directory.Diff(e, nil), []directory.NotApplied{directory.GuardDeleteHeld})
}

// heldDeleteOf returns the id of the employee whose delete by's
// connection holds and that c (being created by it) re-creates: the
// same userName, else the same externalId of that connection; the
// latest held delete among several. "" when none (directory/guard.go).
func heldDeleteOf(ctx context.Context, tx handle, c *directory.Employee, by directory.Actor) (string, error) {
	if by.ConnectionID == "" {
		return "", nil
	}
	var id string
	fold := Fold(c.UserName)
	err := tx.QueryRowContext(ctx, `SELECT h.employee_id FROM guard_holds h
		WHERE h.company_id = ? AND h.connection_id = ? AND h.kind = ? AND h.released_us IS NULL
		AND (h.user_name_fold = ? OR (? <> '' AND h.employee_id IN (SELECT x.employee_id FROM employee_external_ids x
			WHERE x.company_id = ? AND x.connection_id = ? AND x.value = ?)))
		ORDER BY CASE WHEN h.user_name_fold = ? THEN 0 ELSE 1 END, h.at_us DESC, h.id DESC LIMIT 1`,
		c.CompanyID, by.ConnectionID, directory.GuardDelete, fold, c.ExternalID, c.CompanyID, by.ConnectionID, c.ExternalID, fold).Scan(&id)
	if isNoRows(err) {
		return "", nil
	}
	return id, err
}

// restoreHeld ends the held delete of e (stored at seq, just written
// with the values of its re-create, its userName fold with them): seen
// again, the hold dropped (so the employee's status history never saw it
// leave), and logged.
func (s *Store) restoreHeld(ctx context.Context, tx handle, e *directory.Employee, seq int64, by directory.Actor, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE employees SET held_deleted_us = NULL WHERE seq = ?`, seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM guard_holds WHERE employee_id = ? AND kind = ? AND released_us IS NULL`,
		e.ID, directory.GuardDelete); err != nil {
		return err
	}
	detail := fmt.Sprintf("re-created by connection %q while its delete was held by the mass-deactivation guard: the hold ended, the employee is restored with its id and history",
		by.ConnectionID)
	return logActivityKind(ctx, tx, e.CompanyID, e.ID, directory.ActivityGuardRestored, detail, by, now)
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
	return s.guardHolds(ctx, companyID, "")
}

// EmployeeGuardHolds lists one employee's unreleased holds, oldest first.
func (s *Store) EmployeeGuardHolds(ctx context.Context, companyID, employeeID string) ([]directory.GuardHold, error) {
	if !directory.StorableText(employeeID) {
		return nil, nil
	}
	return s.guardHolds(ctx, companyID, employeeID)
}

// guardHolds lists the company's unreleased holds, of one employee
// unless employeeID is "".
func (s *Store) guardHolds(ctx context.Context, companyID, employeeID string) ([]directory.GuardHold, error) {
	var out []directory.GuardHold
	err := s.read(ctx, func(tx handle) error {
		if err := requireCompany(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		out, err = loadGuardHolds(ctx, tx, companyID, "", employeeID)
		return err
	})
	if err != nil {
		return nil, s.wrap("guard holds", err)
	}
	return out, nil
}

// loadGuardHolds reads the company's unreleased holds, of one connection
// unless connectionID is "", of one employee unless employeeID is "".
func loadGuardHolds(ctx context.Context, tx handle, companyID, connectionID, employeeID string) ([]directory.GuardHold, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.connection_id, h.employee_id, h.kind, h.at_us, h.request_id, e.user_name, c.label
		FROM guard_holds h LEFT JOIN employees e ON e.id = h.employee_id LEFT JOIN connections c ON c.id = h.connection_id
		WHERE h.company_id = ? AND h.released_us IS NULL AND (? = '' OR h.connection_id = ?) AND (? = '' OR h.employee_id = ?)
		ORDER BY h.at_us, h.id`, companyID, connectionID, connectionID, employeeID, employeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.GuardHold
	for rows.Next() {
		h := directory.GuardHold{CompanyID: companyID}
		var at int64
		if err := rows.Scan(&h.ConnectionID, &h.EmployeeID, &h.Kind, &at, nullString{&h.RequestID}, nullString{&h.UserName},
			nullString{&h.ConnectionLabel}); err != nil {
			return nil, err
		}
		h.At = fromMicros(at)
		out = append(out, h)
	}
	return out, rows.Err()
}

// ReleaseGuardHolds writes the held deactivations to the status history
// and completes the held deletes, at their original times. Rounds that
// opened since are frozen first, so that they keep the held employees
// they were computed with.
func (s *Store) ReleaseGuardHolds(ctx context.Context, companyID, connectionID string, by directory.Actor) (int, error) {
	var n int
	err := s.writeOwnGroup(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		holds, err := loadGuardHolds(ctx, tx, companyID, connectionID, "")
		if err != nil || len(holds) == 0 {
			return err
		}
		now := s.clock()
		if err := freezeOpened(ctx, tx, companyID, now); err != nil {
			return err
		}
		for _, h := range holds {
			if err := s.release(ctx, tx, h, by, now); err != nil {
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
	s.checkStranded(ctx, companyID) // test binaries only (stranded_check.go)
	return n, nil
}

// release applies the hold h, logged (before a delete: the log entry
// reads the employee's userName from its row).
func (s *Store) release(ctx context.Context, tx handle, h directory.GuardHold, by directory.Actor, now time.Time) error {
	what := "deactivation"
	if h.Kind == directory.GuardDelete {
		what = "delete"
	}
	detail := fmt.Sprintf("%s by %q (connection %s) at %s (request %q), held by the mass-deactivation guard, released",
		what, h.ConnectionLabel, h.ConnectionID, h.At.UTC().Format(time.RFC3339), h.RequestID)
	if err := logActivityKind(ctx, tx, h.CompanyID, h.EmployeeID, directory.ActivityGuardReleased, detail, by, now); err != nil {
		return err
	}
	if h.Kind != directory.GuardDelete {
		_, err := tx.ExecContext(ctx, `INSERT INTO status_changes (company_id, employee_id, active, at_us, connection_id) VALUES (?, ?, ?, ?, ?)`,
			h.CompanyID, h.EmployeeID, false, micros(h.At), h.ConnectionID)
		return err
	}
	e, seq, err := s.loadEmployeeRow(ctx, tx, h.CompanyID, h.EmployeeID, true, true)
	if err != nil {
		return err
	}
	deletion := directory.StatusChange{EmployeeID: e.ID, At: h.At, ConnectionID: h.ConnectionID}
	return s.removeEmployee(ctx, tx, &e, seq, deletion, h.RequestID, by, now)
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
	held, err := s.guardWrite(ctx, tx, e, directory.GuardDeactivate, by, now)
	return !held, err
}

// heldDeletesExistSQL is the condition that the guard holds deletes in a
// company: company and kind are what the statement compares company_id
// and kind with (a column, or a placeholder to bind directory.GuardDelete
// to).
func heldDeletesExistSQL(company, kind string) string {
	return `EXISTS (SELECT 1 FROM guard_holds h WHERE h.company_id = ` + company + ` AND h.kind = ` + kind + ` AND h.released_us IS NULL)`
}
