package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// The console's tables (migration 0003_console): admins, admin_sessions,
// setup_tokens and connection_rotations (login_failures: login_throttle.go).

const adminColumns = `id, company_id, email, password_hash, created_us`

func scanAdmin(row interface{ Scan(...any) error }) (directory.Admin, error) {
	var a directory.Admin
	var created int64
	if err := row.Scan(&a.ID, &a.CompanyID, &a.Email, &a.PasswordHash, &created); err != nil {
		return directory.Admin{}, err
	}
	a.Created = fromMicros(created)
	return a, nil
}

// CreateAdmin stores a, and company first when it is non-nil.
func (s *Store) CreateAdmin(ctx context.Context, a *directory.Admin, company *directory.Company) error {
	err := s.write(ctx, func(tx handle) error { return s.insertAdmin(ctx, tx, a, company) })
	return s.wrap("create admin", err)
}

// insertAdmin validates and inserts a (and company) in tx, filling in
// Created on success.
func (s *Store) insertAdmin(ctx context.Context, tx handle, a *directory.Admin, company *directory.Company) error {
	if a.ID == "" {
		return directory.Invalid("admin id is required")
	}
	if err := a.Validate(); err != nil {
		return err
	}
	now := s.clock()
	if company != nil {
		if company.ID == "" || company.ID != a.CompanyID {
			return directory.Invalid("the new company needs an id, and the admin must belong to it")
		}
		if err := company.Validate(); err != nil {
			return err
		}
		created := company.Created.UTC().Truncate(time.Microsecond)
		if company.Created.IsZero() {
			created = now
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO companies (id, name, created_us, provisioning_disabled) VALUES (?, ?, ?, ?)`,
			company.ID, company.Name, micros(created), company.ProvisioningDisabled)
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("a company with id %q already exists", company.ID)
		}
		if err != nil {
			return err
		}
		company.Created = created
	} else if err := s.companyExists(ctx, tx, a.CompanyID); err != nil {
		return err
	}
	// Checked first: PostgreSQL aborts the transaction on a violation.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM admins WHERE email_fold = ? OR id = ?`, Fold(a.Email), a.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return directory.Conflict("an admin with the email %q already exists", a.Email)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO admins (`+adminColumns+`, email_fold) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, a.CompanyID, a.Email, a.PasswordHash, micros(now), Fold(a.Email))
	if s.d.IsUniqueViolation(err) {
		return directory.Conflict("an admin with the email %q already exists", a.Email)
	}
	if err != nil {
		return err
	}
	a.Created = now
	return nil
}

// Admin returns the admin with the id.
func (s *Store) Admin(ctx context.Context, id string) (directory.Admin, error) {
	a, err := scanAdmin(s.r.h().QueryRowContext(ctx, `SELECT `+adminColumns+` FROM admins WHERE id = ?`, id))
	if isNoRows(err) {
		err = directory.NotFound("admin %q not found", id)
	}
	if err != nil {
		return directory.Admin{}, s.wrap("admin", err)
	}
	return a, nil
}

// AdminByEmail returns the admin with the email, compared
// case-insensitively.
func (s *Store) AdminByEmail(ctx context.Context, email string) (directory.Admin, error) {
	a, err := scanAdmin(s.r.h().QueryRowContext(ctx, `SELECT `+adminColumns+` FROM admins WHERE email_fold = ?`, Fold(email)))
	if isNoRows(err) {
		err = directory.NotFound("no admin has the email %q", email)
	}
	if err != nil {
		return directory.Admin{}, s.wrap("admin by email", err)
	}
	return a, nil
}

// Admins returns a company's admins, oldest first.
func (s *Store) Admins(ctx context.Context, companyID string) ([]directory.Admin, error) {
	rows, err := s.r.h().QueryContext(ctx, `SELECT `+adminColumns+` FROM admins WHERE company_id = ? ORDER BY created_us, id`, companyID)
	if err != nil {
		return nil, s.wrap("admins", err)
	}
	defer rows.Close()
	var out []directory.Admin
	for rows.Next() {
		a, err := scanAdmin(rows)
		if err != nil {
			return nil, s.wrap("admins", err)
		}
		out = append(out, a)
	}
	return out, s.wrap("admins", rows.Err())
}

// CountAdmins counts the admins of all companies.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.r.h().QueryRowContext(ctx, `SELECT COUNT(*) FROM admins`).Scan(&n)
	return n, s.wrap("count admins", err)
}

// AddSetupToken stores a setup token's hash.
func (s *Store) AddSetupToken(ctx context.Context, hash []byte, at time.Time) error {
	err := s.write(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created_us) VALUES (?, ?)`, hash, micros(at))
		return err
	})
	return s.wrap("add setup token", err)
}

// SetupTokenValid reports whether hash is a setup token and no admin
// exists.
func (s *Store) SetupTokenValid(ctx context.Context, hash []byte) (bool, error) {
	var ok bool
	err := s.read(ctx, func(tx handle) error {
		var tokens, admins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = ?`, hash).Scan(&tokens); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM admins`).Scan(&admins); err != nil {
			return err
		}
		ok = tokens == 1 && admins == 0
		return nil
	})
	return ok, s.wrap("setup token valid", err)
}

// CompleteSetup creates the first company and admin, consuming every
// setup token.
func (s *Store) CompleteSetup(ctx context.Context, hash []byte, company *directory.Company, a *directory.Admin) error {
	if company == nil {
		return s.wrap("complete setup", directory.Invalid("setup creates a company"))
	}
	err := s.write(ctx, func(tx handle) error {
		// Deleting the token first takes its row lock (PostgreSQL): a
		// concurrent setup with the same token waits, then deletes
		// nothing and fails.
		res, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens WHERE token_hash = ?`, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return directory.NotFound("this setup link is not valid (any more); sign in, or create an admin with `roster admin create`")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM setup_tokens`); err != nil {
			return err
		}
		var admins int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM admins`).Scan(&admins); err != nil {
			return err
		}
		if admins > 0 {
			return directory.Conflict("setup is already complete; sign in instead")
		}
		return s.insertAdmin(ctx, tx, a, company)
	})
	return s.wrap("complete setup", err)
}

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
