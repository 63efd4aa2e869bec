package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// First-run setup (directory.SetupStore): the setup_tokens table of
// migration 0003_console.

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
