package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Sign-in throttling: the login_failures table (migration 0003_console),
// one row per email address, keyed by its Fold.

// LoginThrottle returns the record of an email address.
func (s *Store) LoginThrottle(ctx context.Context, email string) (directory.LoginThrottle, error) {
	var t directory.LoginThrottle
	err := s.r.h().QueryRowContext(ctx, `SELECT failures, last_failure_us, locked_until_us FROM login_failures WHERE email_fold = ?`, Fold(email)).
		Scan(&t.Failures, nullTime{&t.LastFailure}, nullTime{&t.LockedUntil})
	if isNoRows(err) {
		return directory.LoginThrottle{}, nil
	}
	if err != nil {
		return directory.LoginThrottle{}, s.wrap("login throttle", err)
	}
	return t, nil
}

// ReserveLoginAttempt applies directory.LoginThrottle.Reserve to the
// address's row, holding the row for the whole transaction.
func (s *Store) ReserveLoginAttempt(ctx context.Context, email string, at time.Time, p directory.LoginPolicy) (directory.LoginThrottle, bool, error) {
	if err := p.Validate(); err != nil {
		return directory.LoginThrottle{}, false, s.wrap("reserve login attempt", err)
	}
	key := Fold(email)
	at = at.UTC().Truncate(time.Microsecond)
	var t directory.LoginThrottle
	granted := false
	err := s.write(ctx, func(tx handle) error {
		// One statement creates the row or locks the existing one, and
		// returns it. PostgreSQL makes INSERT … ON CONFLICT DO UPDATE
		// atomic even against a concurrent DELETE (ClearLoginFailures):
		// it inserts again rather than find nothing. Inserting with DO
		// NOTHING and then reading FOR UPDATE, as this once did, left a
		// gap in which a successful sign-in deleted the row, and the
		// read found no row (a 500). SQLite has one writer, so there
		// is no gap at all.
		err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (email_fold, failures, last_failure_us) VALUES (?, 0, ?)
			ON CONFLICT (email_fold) DO UPDATE SET failures = login_failures.failures
			RETURNING failures, last_failure_us, locked_until_us`, key, micros(at)).
			Scan(&t.Failures, nullTime{&t.LastFailure}, nullTime{&t.LockedUntil})
		if err != nil {
			return err
		}
		if granted = t.Reserve(at, p); !granted {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE login_failures SET failures = ?, last_failure_us = ?, locked_until_us = ? WHERE email_fold = ?`,
			t.Failures, micros(t.LastFailure), nullMicros(t.LockedUntil), key)
		return err
	})
	if err != nil {
		return directory.LoginThrottle{}, false, s.wrap("reserve login attempt", err)
	}
	return t, granted, nil
}

// ClearLoginFailures forgets an address's attempts.
func (s *Store) ClearLoginFailures(ctx context.Context, email string) error {
	err := s.write(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE email_fold = ?`, Fold(email))
		return err
	})
	return s.wrap("clear login failures", err)
}
