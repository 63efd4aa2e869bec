package sqlstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"roster/internal/directory"
)

// The activity log (directory.ActivityLogStore) in the activity_log table
// (migration 0009).

// logWrite appends the log entry of a successful employee write in the
// write's own transaction tx: the entry commits with the change or not at
// all, and costs one INSERT, no sync of its own. subject is the employee
// as written (as it was, for a deletion), changes the write's Diff; op
// names the write when by.Request does not. notApplied are the
// attributes the store itself did not apply (an owner rule), added to
// those the request reported.
func (s *Store) logWrite(ctx context.Context, tx handle, by directory.Actor, op string, subject *directory.Employee, changes []directory.Change, notApplied []directory.NotApplied) error {
	e := directory.WriteEntry(by, op, subject, changes, s.clock())
	e.NotApplied = append(slices.Clip(e.NotApplied), notApplied...)
	return insertLogEntry(ctx, tx, e)
}

// ownOps are the log operations of the per-employee activity kinds that
// are roster's own changes. An attribute not applied (owner rule) is not
// among them: the write's own entry lists it.
var ownOps = map[string]string{
	directory.ActivityReferenceCleared:  directory.OpReferenceCleared,
	directory.ActivityReferenceResolved: directory.OpReferenceResolved,
	directory.ActivityGuardReleased:     directory.OpGuardReleased,
	directory.ActivityGuardRestored:     directory.OpGuardRestored,
}

// logActivityKind appends roster's own change to an employee (a reference
// resolved or cleared) caused by a write of by, in that write's
// transaction, as the per-employee activity records it. The employee's
// userName is read in the same statement.
func logActivityKind(ctx context.Context, tx handle, companyID, employeeID, kind, detail string, by directory.Actor, now time.Time) error {
	op, ok := ownOps[kind]
	if !ok {
		return nil
	}
	return tx.execLater(ctx, `INSERT INTO activity_log
		(company_id, at_us, connection_id, admin_id, client, request_id, operation, employee_id, user_name, status, detail)
		SELECT ?, ?, ?, ?, ?, ?, ?, id, user_name, 200, ? FROM employees WHERE id = ?`,
		companyID, micros(now), text(by.ConnectionID), text(by.AdminID), by.Client(), text(requestIDOf(by)), op, detail, employeeID)
}

func requestIDOf(by directory.Actor) string {
	if by.Request == nil {
		return ""
	}
	return by.Request.RequestID
}

// logEntryInsert inserts an entry (sparse_inserts.go).
var logEntryInsert = newSparseInsert("activity_log", "company_id", "at_us", "connection_id", "admin_id", "client", "request_id", "operation", "bulk",
	"employee_id", "user_name", "status", "scim_type", "detail", "cause", "changes", "not_applied")

// insertLogEntry stores one entry in tx.
func insertLogEntry(ctx context.Context, tx handle, e directory.LogEntry) error {
	changes := encodeList(e.Changes, appendChange)
	notApplied := encodeList(e.NotApplied, appendNotApplied)
	query, args := logEntryInsert.statement(tx.p.d, []any{
		e.CompanyID, micros(e.At), text(e.ConnectionID), text(e.AdminID), text(e.Client), text(e.RequestID),
		e.Operation, e.Bulk, text(e.EmployeeID), text(e.UserName), e.Status, text(e.ScimType), text(e.Detail),
		text(e.Cause), changes, notApplied})
	return tx.execLater(ctx, query, args...)
}

// AppendActivity implements directory.ActivityLogStore: every entry in one
// transaction.
func (s *Store) AppendActivity(ctx context.Context, entries []directory.LogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if e.CompanyID == "" {
			return s.wrap("append activity", directory.Invalid("a log entry needs a company"))
		}
	}
	now := s.clock()
	// Log entries change nothing an employee write reads of its company.
	err := s.writeLeavingFacts(ctx, func(tx handle) error {
		for _, e := range entries {
			if e.At.IsZero() {
				e.At = now
			}
			e.At = e.At.UTC().Truncate(time.Microsecond)
			if err := insertLogEntry(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	return s.wrap("append activity", err)
}

const logEntryColumns = `id, company_id, at_us, connection_id, admin_id, client, request_id, operation, bulk,
	employee_id, user_name, status, scim_type, detail, cause, changes, not_applied`

// ActivityLog implements directory.ActivityLogStore.
func (s *Store) ActivityLog(ctx context.Context, companyID string, q directory.ActivityQuery) ([]directory.LogEntry, int, error) {
	where, args := activityWhere(companyID, q)
	var out []directory.LogEntry
	var total int
	err := s.read(ctx, func(tx handle) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_log WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		if q.Limit <= 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+logEntryColumns+` FROM activity_log WHERE `+where+
			` ORDER BY at_us DESC, id DESC LIMIT ? OFFSET ?`, append(args, q.Limit, max(q.Offset, 0))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanLogEntry(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, s.wrap("activity log", err)
	}
	return out, total, nil
}

// activityWhere is the condition and arguments of q. Each filter is a
// fixed clause, so the query text takes few shapes (each is prepared
// once; a chain of connections is a shape per length, and chains are
// short).
func activityWhere(companyID string, q directory.ActivityQuery) (string, []any) {
	conds := []string{"company_id = ?"}
	args := []any{companyID}
	add := func(cond string, arg ...any) {
		conds = append(conds, cond)
		args = append(args, arg...)
	}
	if q.EmployeeID != "" {
		add("employee_id = ?", q.EmployeeID)
	}
	if len(q.ConnectionIDs) > 0 {
		ids := make([]any, len(q.ConnectionIDs))
		for i, id := range q.ConnectionIDs {
			ids[i] = id
		}
		add("connection_id IN ("+placeholders(len(ids))+")", ids...)
	}
	if q.Operation != "" {
		add("operation = ?", q.Operation)
	}
	if q.FailedOnly {
		add("status >= 400")
	}
	if q.SucceededOnly {
		add("status < 400")
	}
	if !q.Since.IsZero() {
		add("at_us >= ?", micros(q.Since))
	}
	if !q.Until.IsZero() {
		add("at_us < ?", micros(q.Until))
	}
	return strings.Join(conds, " AND "), args
}

func scanLogEntry(row interface{ Scan(...any) error }) (directory.LogEntry, error) {
	var e directory.LogEntry
	var at int64
	var changes, notApplied string
	err := row.Scan(&e.ID, &e.CompanyID, &at, nullString{&e.ConnectionID}, nullString{&e.AdminID}, nullString{&e.Client},
		nullString{&e.RequestID}, &e.Operation, &e.Bulk, nullString{&e.EmployeeID}, nullString{&e.UserName}, &e.Status,
		nullString{&e.ScimType}, nullString{&e.Detail}, nullString{&e.Cause}, nullString{&changes}, nullString{&notApplied})
	if err != nil {
		return e, err
	}
	e.At = fromMicros(at)
	if e.Changes, err = decodeList(changes, func(c storedChange) directory.Change { return directory.Change(c) }); err != nil {
		return e, err
	}
	e.NotApplied, err = decodeNotApplied(notApplied)
	return e, err
}

// PruneActivity implements directory.ActivityLogStore: one transaction
// deleting at most max of the oldest entries before the cut-off.
func (s *Store) PruneActivity(ctx context.Context, before time.Time, max int) (int, error) {
	if max <= 0 {
		return 0, nil
	}
	var n int64
	err := s.write(ctx, func(tx handle) error {
		// The oldest entries by id are the oldest in time (ids are handed
		// out as entries are written, refusals at most a batch interval
		// after their time): looking at the first max ids needs no index
		// of its own on the time, which every write would have to update.
		res, err := tx.ExecContext(ctx, `DELETE FROM activity_log WHERE id IN
			(SELECT id FROM (SELECT id, at_us FROM activity_log ORDER BY id LIMIT ?) oldest WHERE at_us < ?)`, max, micros(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, s.wrap("prune activity", err)
	}
	return int(n), nil
}
