package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"roster/internal/directory"
)

// The store shares page positions between the roster instances on its
// database (directory.PagePositions; migration 0026).
var _ directory.PagePositions = (*Store)(nil)

// PagePosition implements directory.PagePositions.
func (s *Store) PagePosition(ctx context.Context, k directory.PageKey, since time.Time) (string, error) {
	var after string
	err := s.db.QueryRowContext(ctx, `SELECT after_id FROM page_positions
		WHERE company_id = $1 AND listing = $2 AND start_index = $3 AND at_us >= $4`,
		k.CompanyID, listing(k), k.Start, since.UnixMicro()).Scan(&after)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return after, err
}

// RememberPagePosition implements directory.PagePositions: one statement
// replaces the listing's position and forgets the company's stale ones.
func (s *Store) RememberPagePosition(ctx context.Context, k directory.PageKey, after string, at, forgetBefore time.Time) error {
	// The listing's own row is left to the insert: one statement may not
	// both delete and update it.
	_, err := s.db.ExecContext(ctx, `WITH stale AS (
			DELETE FROM page_positions WHERE company_id = $1 AND at_us < $5 AND listing <> $2)
		INSERT INTO page_positions (company_id, listing, start_index, after_id, at_us) VALUES ($1, $2, $3, $4, $6)
		ON CONFLICT (company_id, listing) DO UPDATE
			SET start_index = EXCLUDED.start_index, after_id = EXCLUDED.after_id, at_us = EXCLUDED.at_us`,
		k.CompanyID, listing(k), k.Start, after, forgetBefore.UnixMicro(), at.UnixMicro())
	return err
}

// listing names k's listing (its connection and filter) in the table: a
// hash, since a filter may hold any text and be longer than an index
// entry can.
func listing(k directory.PageKey) string {
	h := sha256.New()
	h.Write([]byte(k.ConnectionID))
	h.Write([]byte{0})
	h.Write([]byte(k.Filter))
	return hex.EncodeToString(h.Sum(nil))
}
