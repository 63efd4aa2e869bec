package sqlstore

import (
	"context"
	"slices"

	"roster/internal/directory"
)

// HeldConnections implements directory.GuardStore.HeldConnections: the
// counts by connection and kind in one grouped query (the connection's
// label joined in), then each held connection's sample. With nothing
// held, the company's existence is the only other lookup.
func (s *Store) HeldConnections(ctx context.Context, companyID string, sample int) ([]directory.HeldConnection, error) {
	var out []directory.HeldConnection
	err := s.read(ctx, func(tx handle) error {
		var err error
		if out, err = heldCounts(ctx, tx, companyID); err != nil {
			return err
		}
		if len(out) == 0 {
			return requireCompany(ctx, tx, companyID)
		}
		for i := range out {
			if out[i].Sample, err = heldSample(ctx, tx, companyID, out[i].ConnectionID, sample); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, s.wrap("held connections", err)
	}
	return out, nil
}

// heldCounts reads the company's unreleased holds counted by connection
// and kind, oldest connection first.
func heldCounts(ctx context.Context, tx handle, companyID string) ([]directory.HeldConnection, error) {
	rows, err := tx.QueryContext(ctx, `SELECT h.connection_id, COALESCE(c.label, ''), h.kind, COUNT(*), MIN(h.at_us)
		FROM guard_holds h LEFT JOIN connections c ON c.id = h.connection_id
		WHERE h.company_id = ? AND h.released_us IS NULL
		GROUP BY h.connection_id, c.label, h.kind ORDER BY h.connection_id, h.kind`, companyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.HeldConnection
	for rows.Next() {
		var conn, label string
		var k directory.HeldKind
		var since int64
		if err := rows.Scan(&conn, &label, &k.Kind, &k.Count, &since); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ConnectionID != conn {
			out = append(out, directory.HeldConnection{ConnectionID: conn, Label: label, Since: fromMicros(since)})
		}
		h := &out[len(out)-1]
		h.Count += k.Count
		h.Kinds = append(h.Kinds, k)
		if at := fromMicros(since); at.Before(h.Since) {
			h.Since = at
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Oldest first: the hold that has waited longest leads the banner.
	slices.SortStableFunc(out, func(a, b directory.HeldConnection) int { return a.Since.Compare(b.Since) })
	return out, nil
}

// heldSample reads up to n of a connection's held employees, oldest
// hold first, named as the console names them.
func heldSample(ctx context.Context, tx handle, companyID, connectionID string, n int) ([]directory.HeldEmployee, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT h.employee_id, h.kind, h.at_us, h.request_id, e.user_name, e.display_name, e.given_name, e.family_name, e.formatted_name
		FROM guard_holds h LEFT JOIN employees e ON e.id = h.employee_id
		WHERE h.company_id = ? AND h.connection_id = ? AND h.released_us IS NULL
		ORDER BY h.at_us, h.id LIMIT ?`, companyID, connectionID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.HeldEmployee
	for rows.Next() {
		var h directory.HeldEmployee
		var e directory.Employee
		var at int64
		if err := rows.Scan(&h.EmployeeID, &h.Kind, &at, nullString{&h.RequestID}, nullString{&e.UserName}, nullString{&e.DisplayName}, nullString{&e.Name.GivenName},
			nullString{&e.Name.FamilyName}, nullString{&e.Name.Formatted}); err != nil {
			return nil, err
		}
		h.UserName, h.Name, h.At = e.UserName, e.ShownName(), fromMicros(at)
		out = append(out, h)
	}
	return out, rows.Err()
}
