package sqlstore

import (
	"context"
	"errors"
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
		return s.insertConnection(ctx, tx, c, created)
	})
	err = s.insertConflict(ctx, err, c, "")
	if err != nil {
		return s.wrap("create connection", err)
	}
	c.Created = created
	return nil
}

// errInsertConflict is insertConnection's unique violation, which
// insertConflict names once the transaction is over (PostgreSQL answers
// no query in a failed transaction).
var errInsertConflict = errors.New("unique violation")

// insertConnection stores c, created at created, as a live connection
// holding its label unless it is revoked (see directory.Connection). A
// label another live connection of the company holds is LabelTaken; any
// other unique violation is errInsertConflict.
func (s *Store) insertConnection(ctx context.Context, tx handle, c *directory.Connection, created time.Time) error {
	var liveFold any // NULL: holds no label
	if c.RevokedAt.IsZero() {
		if err := labelFree(ctx, tx, c.CompanyID, c.Label, ""); err != nil {
			return err
		}
		liveFold = Fold(c.Label)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO connections
		(id, company_id, label, token_hash, created_us, last_used_us, revoked_us, request_count, live_label_fold)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.CompanyID, c.Label, c.TokenHash, micros(created), nullMicros(c.LastUsed), nullMicros(c.RevokedAt), c.RequestCount, liveFold)
	if s.d.IsUniqueViolation(err) {
		return errInsertConflict
	}
	return err
}

// insertConflict turns errInsertConflict into the conflict it was: most
// likely a concurrent write (another instance) that took the label
// between labelFree and the insert, which the unique index
// connections_live_label caught; else a reused id or token. A rotation
// names its old connection as replaced, whose label next takes over.
func (s *Store) insertConflict(ctx context.Context, err error, c *directory.Connection, replaced string) error {
	if !errors.Is(err, errInsertConflict) {
		return err
	}
	if err := labelFree(ctx, s.r.h(), c.CompanyID, c.Label, replaced); err != nil {
		return err
	}
	return directory.Conflict("a connection with this id or token already exists")
}

// labelFree returns LabelTaken when a live connection of the company
// other than except holds label. It compares Fold in Go rather than live_label_fold in SQL:
// migration 0007 could fold only the ASCII letters of the labels it
// found.
func labelFree(ctx context.Context, q handle, companyID, label, except string) error {
	rows, err := q.QueryContext(ctx, `SELECT label FROM connections WHERE company_id = ? AND live_label_fold IS NOT NULL AND id <> ?`, companyID, except)
	if err != nil {
		return err
	}
	defer rows.Close()
	want := Fold(label)
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return err
		}
		if Fold(l) == want {
			return directory.LabelTaken(l)
		}
	}
	return rows.Err()
}

const connectionColumns = `id, company_id, label, token_hash, created_us, last_used_us, revoked_us, request_count`

func scanConnection(row interface{ Scan(...any) error }) (directory.Connection, error) {
	var c connectionRow
	if err := row.Scan(c.dest()...); err != nil {
		return directory.Connection{}, err
	}
	return c.value(), nil
}

// connectionRow scans connectionColumns, alone or among other columns.
type connectionRow struct {
	c       directory.Connection
	created int64
}

func (r *connectionRow) dest() []any {
	return []any{&r.c.ID, &r.c.CompanyID, &r.c.Label, &r.c.TokenHash, &r.created,
		nullTime{&r.c.LastUsed}, nullTime{&r.c.RevokedAt}, &r.c.RequestCount}
}

func (r *connectionRow) value() directory.Connection {
	r.c.Created = fromMicros(r.created)
	return r.c
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

// RevokeConnection makes the connection's token stop working at at; the
// connection no longer holds its label (see directory.Connection), nor
// owns an attribute.
func (s *Store) RevokeConnection(ctx context.Context, id string, at time.Time) error {
	if at.IsZero() {
		return s.wrap("revoke connection", directory.Invalid("a revocation time is required"))
	}
	err := s.write(ctx, func(tx handle) error {
		var companyID string
		err := tx.QueryRowContext(ctx, `SELECT company_id FROM connections WHERE id = ?`, id).Scan(&companyID)
		if isNoRows(err) {
			return directory.NotFound("connection %q not found", id)
		}
		if err != nil {
			return err
		}
		// Under the company's lock, as every change of its owners: the
		// next employee write reads them again.
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE connections SET revoked_us = ?, live_label_fold = NULL WHERE id = ?`, micros(at), id); err != nil {
			return err
		}
		// A connection that can no longer write owns nothing: its
		// attributes go back to every connection (a rotation hands them
		// to the new token instead, handOverConnection).
		_, err = tx.ExecContext(ctx, `DELETE FROM attribute_owners WHERE connection_id = ?`, id)
		return err
	})
	return s.wrap("revoke connection", err)
}
