package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Console sessions (directory.SessionStore): the admin_sessions table of
// migration 0003_console.

// CreateSession stores a session of an existing admin.
func (s *Store) CreateSession(ctx context.Context, sess *directory.Session) error {
	if len(sess.TokenHash) == 0 || sess.CSRFToken == "" || sess.Expires.IsZero() {
		return s.wrap("create session", directory.Invalid("a session needs a token hash, a CSRF token and an expiry"))
	}
	now := s.clock()
	var companyID string
	err := s.write(ctx, func(tx handle) error {
		err := tx.QueryRowContext(ctx, `SELECT company_id FROM admins WHERE id = ?`, sess.AdminID).Scan(&companyID)
		if isNoRows(err) {
			return directory.NotFound("admin %q not found", sess.AdminID)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO admin_sessions (token_hash, admin_id, csrf_token, created_us, expires_us) VALUES (?, ?, ?, ?, ?)`,
			sess.TokenHash, sess.AdminID, sess.CSRFToken, micros(now), micros(sess.Expires))
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("a session with this token already exists")
		}
		return err
	})
	if err != nil {
		return s.wrap("create session", err)
	}
	sess.Created, sess.CompanyID = now, companyID
	sess.Expires = sess.Expires.UTC().Truncate(time.Microsecond)
	return nil
}

// SessionByTokenHash returns the unexpired session holding the hash.
func (s *Store) SessionByTokenHash(ctx context.Context, hash []byte, now time.Time) (directory.Session, error) {
	var sess directory.Session
	var created, expires int64
	err := s.r.h().QueryRowContext(ctx, `SELECT s.token_hash, s.admin_id, a.company_id, s.csrf_token, s.created_us, s.expires_us
		FROM admin_sessions s JOIN admins a ON a.id = s.admin_id
		WHERE s.token_hash = ? AND s.expires_us > ?`, hash, micros(now)).
		Scan(&sess.TokenHash, &sess.AdminID, &sess.CompanyID, &sess.CSRFToken, &created, &expires)
	if isNoRows(err) {
		err = directory.NotFound("no such session, or it expired")
	}
	if err != nil {
		return directory.Session{}, s.wrap("session", err)
	}
	sess.Created, sess.Expires = fromMicros(created), fromMicros(expires)
	return sess, nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, hash []byte) error {
	err := s.write(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM admin_sessions WHERE token_hash = ?`, hash)
		return err
	})
	return s.wrap("delete session", err)
}

// DeleteExpiredSessions removes the sessions expired at now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	err := s.write(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM admin_sessions WHERE expires_us <= ?`, micros(now))
		return err
	})
	return s.wrap("delete expired sessions", err)
}
