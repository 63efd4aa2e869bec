package sqlstore

import (
	"context"

	"roster/internal/directory"
)

// Owners (directory.Owner) are applied inside every employee write's
// transaction, before validation: applyOwners keeps owned attributes at
// their old values, and what was not applied goes into the write's
// activity log entry.

// SetOwner makes the connection the owner of the attribute.
func (s *Store) SetOwner(ctx context.Context, companyID, attribute, connectionID string) error {
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		defs, err := s.loadAttributes(ctx, tx, companyID, "")
		if err != nil {
			return err
		}
		if err := directory.CheckOwnable(attribute, defs); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM connections WHERE company_id = ? AND id = ? AND revoked_us IS NULL`,
			companyID, connectionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return directory.NotFound("the company has no live connection %q", connectionID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM attribute_owners WHERE company_id = ? AND attribute = ?`, companyID, attribute); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO attribute_owners (company_id, attribute, connection_id) VALUES (?, ?, ?)`,
			companyID, attribute, connectionID)
		return err
	})
	return s.wrap("set owner", err)
}

// ClearOwner removes the attribute's owner.
func (s *Store) ClearOwner(ctx context.Context, companyID, attribute string) error {
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM attribute_owners WHERE company_id = ? AND attribute = ?`, companyID, attribute)
		return err
	})
	return s.wrap("clear owner", err)
}

// Owners lists the company's owners by attribute.
func (s *Store) Owners(ctx context.Context, companyID string) (directory.Owners, error) {
	var out directory.Owners
	err := s.read(ctx, func(tx handle) error {
		if err := requireCompany(ctx, tx, companyID); err != nil {
			return err
		}
		var err error
		out, err = loadOwners(ctx, tx, companyID)
		return err
	})
	if err != nil {
		return nil, s.wrap("owners", err)
	}
	return out, nil
}

func requireCompany(ctx context.Context, tx handle, companyID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM companies WHERE id = ?`, companyID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return directory.NotFound("company %q not found", companyID)
	}
	return nil
}

func loadOwners(ctx context.Context, tx handle, companyID string) (directory.Owners, error) {
	rows, err := tx.QueryContext(ctx, `SELECT o.attribute, o.connection_id, c.label FROM attribute_owners o
		JOIN connections c ON c.id = o.connection_id WHERE o.company_id = ? ORDER BY o.attribute`, companyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out directory.Owners
	for rows.Next() {
		var o directory.Owner
		if err := rows.Scan(&o.Attribute, &o.ConnectionID, &o.ConnectionLabel); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// handOverConnection gives a rotation's new connection what the old one
// held: its externalIds (copied: the old token works on until it ends),
// its ownerships and the provenance it stamped, so that the same system
// keeps its identity across a token rotation.
func handOverConnection(ctx context.Context, tx handle, oldID, newID string) error {
	for _, q := range []string{
		`INSERT INTO employee_external_ids (employee_id, company_id, connection_id, value)
			SELECT employee_id, company_id, ?, value FROM employee_external_ids WHERE connection_id = ?`,
		`UPDATE attribute_owners SET connection_id = ? WHERE connection_id = ?`,
		`UPDATE employee_provenance SET connection_id = ? WHERE connection_id = ?`,
		`UPDATE employees SET last_connection_id = ? WHERE last_connection_id = ?`,
		`UPDATE employees SET creator_connection_id = ? WHERE creator_connection_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, newID, oldID); err != nil {
			return err
		}
	}
	return nil
}
