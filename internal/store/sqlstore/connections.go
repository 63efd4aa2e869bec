package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// CreateConnection stores c, filling in Created when it is zero.
func (s *Store) CreateConnection(ctx context.Context, c *directory.Connection) error {
	if c.ID == "" {
		return s.wrap("create connection", directory.Invalid("connection id is required"))
	}
	if err := c.Validate(); err != nil {
		return s.wrap("create connection", err)
	}
	created := c.Created.UTC().Truncate(time.Microsecond)
	if c.Created.IsZero() {
		created = s.clock()
	}
	err := s.write(ctx, func(tx handle) error {
		if err := s.companyExists(ctx, tx, c.CompanyID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO connections
			(id, company_id, label, token_hash, created_us, last_used_us, revoked_us, request_count)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.CompanyID, c.Label, c.TokenHash, micros(created), nullMicros(c.LastUsed), nullMicros(c.RevokedAt), c.RequestCount)
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("a connection with this id or token already exists")
		}
		return err
	})
	if err != nil {
		return s.wrap("create connection", err)
	}
	c.Created = created
	return nil
}

const connectionColumns = `id, company_id, label, token_hash, created_us, last_used_us, revoked_us, request_count`

func scanConnection(row interface{ Scan(...any) error }) (directory.Connection, error) {
	var c directory.Connection
	var created int64
	if err := row.Scan(&c.ID, &c.CompanyID, &c.Label, &c.TokenHash, &created,
		nullTime{&c.LastUsed}, nullTime{&c.RevokedAt}, &c.RequestCount); err != nil {
		return directory.Connection{}, err
	}
	c.Created = fromMicros(created)
	return c, nil
}

// Connection returns the connection with the id.
func (s *Store) Connection(ctx context.Context, id string) (directory.Connection, error) {
	c, err := scanConnection(s.r.h().QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE id = ?`, id))
	if isNoRows(err) {
		err = directory.NotFound("connection %q not found", id)
	}
	if err != nil {
		return directory.Connection{}, s.wrap("connection", err)
	}
	return c, nil
}

// ConnectionByTokenHash returns the connection holding the token hash,
// revoked or not.
func (s *Store) ConnectionByTokenHash(ctx context.Context, hash []byte) (directory.Connection, error) {
	c, err := scanConnection(s.r.h().QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE token_hash = ?`, hash))
	if isNoRows(err) {
		err = directory.NotFound("no connection holds this token")
	}
	if err != nil {
		return directory.Connection{}, s.wrap("connection by token", err)
	}
	return c, nil
}

// Connections returns a company's connections, oldest first.
func (s *Store) Connections(ctx context.Context, companyID string) ([]directory.Connection, error) {
	rows, err := s.r.h().QueryContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE company_id = ? ORDER BY created_us, id`, companyID)
	if err != nil {
		return nil, s.wrap("connections", err)
	}
	defer rows.Close()
	var out []directory.Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, s.wrap("connections", err)
		}
		out = append(out, c)
	}
	return out, s.wrap("connections", rows.Err())
}

// RevokeConnection makes the connection's token stop working at at.
func (s *Store) RevokeConnection(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		return s.wrap("revoke connection", directory.Invalid("a revocation time is required"))
	}
	err := s.write(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE connections SET revoked_us = ? WHERE id = ?`, micros(at), id)
		return notFoundIfNone(res, err, "connection %q not found", id)
	})
	return s.wrap("revoke connection", err)
}

// RecordConnectionUse counts requests and moves LastUsed forward to at
// (never backward: concurrent requests may record out of order).
func (s *Store) RecordConnectionUse(ctx context.Context, id string, at time.Time, requests int64) error {
	us := micros(at)
	err := s.write(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE connections SET
			request_count = request_count + ?,
			last_used_us = CASE WHEN last_used_us IS NULL OR last_used_us < ? THEN ? ELSE last_used_us END
			WHERE id = ?`, requests, us, us, id)
		return notFoundIfNone(res, err, "connection %q not found", id)
	})
	return s.wrap("record connection use", err)
}
