package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// The token_reveals table (migration 0007): a new token, sealed, on its
// way to the page that shows it once (see directory.Reveal).

// CreateReveal stores r for its session after deleting the reveals
// expired at now, in one transaction: creating reveals is what keeps the
// table small.
func (s *Store) CreateReveal(ctx context.Context, r *directory.Reveal, now time.Time) error {
	if err := r.Validate(); err != nil {
		return s.wrap("create reveal", err)
	}
	err := s.write(ctx, func(tx handle) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM token_reveals WHERE expires_us <= ?`, micros(now)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM admin_sessions WHERE token_hash = ?`, r.SessionHash).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return directory.NotFound("no such session")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO token_reveals
			(id, session_hash, connection_id, sealed, old_until_us, created_us, expires_us)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.SessionHash, r.ConnectionID, r.Sealed, nullMicros(r.OldUntil), micros(r.Created), micros(r.Expires))
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("a reveal with id %q already exists", r.ID)
		}
		return err
	})
	return s.wrap("create reveal", err)
}

// ConsumeReveal returns the session's unexpired reveal and marks it shown
// in one transaction; the row lock makes concurrent consumers (two
// instances answering a double click) take turns, and the second finds
// it shown.
func (s *Store) ConsumeReveal(ctx context.Context, id string, sessionHash []byte, now time.Time) (directory.Reveal, error) {
	var r directory.Reveal
	err := s.write(ctx, func(tx handle) error {
		var created, expires int64
		err := tx.QueryRowContext(ctx, `SELECT r.id, r.session_hash, r.connection_id, r.sealed, r.old_until_us, r.created_us, r.expires_us, r.shown_us
			FROM token_reveals r WHERE r.id = ? AND r.session_hash = ? AND r.expires_us > ?`+s.d.ForUpdate("r"),
			id, sessionHash, micros(now)).
			Scan(&r.ID, &r.SessionHash, &r.ConnectionID, &r.Sealed, nullTime{&r.OldUntil}, &created, &expires, nullTime{&r.Shown})
		if isNoRows(err) {
			return directory.NotFound("no token to show at this address")
		}
		if err != nil {
			return err
		}
		if !r.Shown.IsZero() {
			return directory.Conflict("the token was already shown")
		}
		r.Created, r.Expires = fromMicros(created), fromMicros(expires)
		shown := now.UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, `UPDATE token_reveals SET sealed = NULL, shown_us = ? WHERE id = ?`, micros(shown), id); err != nil {
			return err
		}
		r.Shown = shown
		return nil
	})
	if err != nil {
		return directory.Reveal{}, s.wrap("consume reveal", err)
	}
	return r, nil
}
