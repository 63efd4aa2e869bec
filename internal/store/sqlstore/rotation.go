package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Token rotation (directory.RotationStore): the connection_rotations
// table of migration 0003_console.

// RotateConnection stores next, ends the old token at oldUntil and
// records the replacement, in one transaction.
func (s *Store) RotateConnection(ctx context.Context, oldID string, next *directory.Connection, oldUntil time.Time) error {
	if next.ID == "" || oldUntil.IsZero() {
		return s.wrap("rotate connection", directory.Invalid("rotation needs the new connection's id and when the old token ends"))
	}
	now := s.clock()
	err := s.write(ctx, func(tx handle) error {
		var companyID string
		var revoked time.Time
		err := tx.QueryRowContext(ctx, `SELECT c.company_id, c.revoked_us FROM connections c WHERE c.id = ?`+s.d.ForUpdate("c"), oldID).
			Scan(&companyID, nullTime{&revoked})
		if isNoRows(err) {
			return directory.NotFound("connection %q not found", oldID)
		}
		if err != nil {
			return err
		}
		if next.CompanyID == "" {
			next.CompanyID = companyID
		}
		if next.CompanyID != companyID {
			return directory.Invalid("a rotated connection stays in its company")
		}
		if err := next.Validate(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM connection_rotations WHERE connection_id = ?`, oldID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return directory.Conflict("connection %q was already rotated; rotate its replacement", oldID)
		}
		if !revoked.IsZero() && !now.Before(revoked) {
			return directory.Conflict("connection %q is revoked; create a new connection instead", oldID)
		}
		// The old connection hands its label on: it lets go first, so that
		// the new one can take it under the unique index.
		until := oldUntil.UTC().Truncate(time.Microsecond)
		if !revoked.IsZero() && revoked.Before(until) {
			until = revoked
		}
		if _, err := tx.ExecContext(ctx, `UPDATE connections SET revoked_us = ?, live_label_fold = NULL WHERE id = ?`, micros(until), oldID); err != nil {
			return err
		}
		next.LastUsed, next.RevokedAt, next.RequestCount = time.Time{}, time.Time{}, 0
		if err := s.insertConnection(ctx, tx, next, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO connection_rotations (connection_id, replaced_by, rotated_us) VALUES (?, ?, ?)`,
			oldID, next.ID, micros(now)); err != nil {
			return err
		}
		return handOverConnection(ctx, tx, oldID, next.ID)
	})
	if err = s.insertConflict(ctx, err, next, oldID); err != nil {
		return s.wrap("rotate connection", err)
	}
	next.Created = now
	return nil
}

// ConnectionReplacements maps the company's rotated connections to their
// replacements.
func (s *Store) ConnectionReplacements(ctx context.Context, companyID string) (map[string]string, error) {
	rows, err := s.r.h().QueryContext(ctx, `SELECT r.connection_id, r.replaced_by FROM connection_rotations r
		JOIN connections c ON c.id = r.connection_id WHERE c.company_id = ?`, companyID)
	if err != nil {
		return nil, s.wrap("connection replacements", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var old, next string
		if err := rows.Scan(&old, &next); err != nil {
			return nil, s.wrap("connection replacements", err)
		}
		out[old] = next
	}
	return out, s.wrap("connection replacements", rows.Err())
}
