package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"roster/internal/directory"
)

// CreateAttribute stores a, filling in Created when it is zero. Its name
// and aliases must not fold equal to a name or alias of another attribute
// of the company: EConflict naming the clash.
func (s *Store) CreateAttribute(ctx context.Context, a *directory.AttributeDef) error {
	if a.ID == "" || a.CompanyID == "" {
		return s.wrap("create attribute", directory.Invalid("attribute id and company id are required"))
	}
	c := *a
	c.Aliases = append([]string(nil), a.Aliases...)
	c.Options = append([]string(nil), a.Options...)
	if err := c.ValidateNew(); err != nil {
		return s.wrap("create attribute", err)
	}
	c.Created = c.Created.UTC().Truncate(time.Microsecond)
	if c.Created.IsZero() {
		c.Created = s.clock()
	}
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, c.CompanyID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM attribute_defs WHERE id = ?`, c.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return directory.Conflict("an attribute with id %q already exists", c.ID)
		}
		if err := s.checkNames(ctx, tx, &c); err != nil {
			return err
		}
		options, newOptions, err := optionColumns(&c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO attribute_defs (id, company_id, name, type, options, open_list, new_options, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.CompanyID, c.Name, string(c.Type), options, c.Open, newOptions, micros(c.Created)); err != nil {
			return err
		}
		return s.writeNames(ctx, tx, &c, 0)
	})
	if err != nil {
		return s.wrap("create attribute", err)
	}
	*a = c
	return nil
}

// optionColumns are the stored forms of a's options and new options:
// JSON arrays, NULL when empty.
func optionColumns(a *directory.AttributeDef) (options, newOptions any, err error) {
	enc := func(list []string) (any, error) {
		if len(list) == 0 {
			return nil, nil
		}
		b, err := json.Marshal(list)
		return string(b), err
	}
	if options, err = enc(a.Options); err != nil {
		return nil, nil, err
	}
	newOptions, err = enc(a.NewOptions)
	return options, newOptions, err
}

// checkNames reports a name or alias of a that another attribute of the
// company already uses. The unique index on attribute_names backs it up.
func (s *Store) checkNames(ctx context.Context, tx handle, a *directory.AttributeDef) error {
	names := a.Names()
	args := []any{a.CompanyID, a.ID}
	for _, n := range names {
		args = append(args, Fold(n))
	}
	rows, err := tx.QueryContext(ctx, `SELECT n.name_fold, d.name FROM attribute_names n JOIN attribute_defs d ON d.id = n.attribute_id
		WHERE n.company_id = ? AND n.attribute_id <> ? AND n.name_fold IN (`+placeholders(len(names))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fold, owner string
		if err := rows.Scan(&fold, &owner); err != nil {
			return err
		}
		for _, n := range names {
			if Fold(n) == fold {
				return directory.Conflict("%q is already used by attribute %q (names and aliases are unique per company, compared case-insensitively)", n, owner)
			}
		}
	}
	return rows.Err()
}

// writeNames stores a's names from position from on (0: the name, then
// the aliases).
func (s *Store) writeNames(ctx context.Context, tx handle, a *directory.AttributeDef, from int) error {
	for i, n := range a.Names() {
		if i < from {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO attribute_names (attribute_id, company_id, position, name, name_fold) VALUES (?, ?, ?, ?, ?)`,
			a.ID, a.CompanyID, i, n, Fold(n))
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("%q is already used by another attribute (names and aliases are unique per company, compared case-insensitively)", n)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Attributes lists the company's attributes in creation order.
func (s *Store) Attributes(ctx context.Context, companyID string) ([]directory.AttributeDef, error) {
	var out []directory.AttributeDef
	err := s.read(ctx, func(tx handle) error {
		var err error
		out, err = s.loadAttributes(ctx, tx, companyID, "")
		return err
	})
	return out, s.wrap("attributes", err)
}

// Attribute returns the company's attribute with the id.
func (s *Store) Attribute(ctx context.Context, companyID, id string) (directory.AttributeDef, error) {
	var out directory.AttributeDef
	err := s.read(ctx, func(tx handle) error {
		var err error
		out, err = s.loadAttribute(ctx, tx, companyID, id)
		return err
	})
	if err != nil {
		return directory.AttributeDef{}, s.wrap("attribute", err)
	}
	return out, nil
}

func (s *Store) loadAttribute(ctx context.Context, q handle, companyID, id string) (directory.AttributeDef, error) {
	list, err := s.loadAttributes(ctx, q, companyID, id)
	if err != nil {
		return directory.AttributeDef{}, err
	}
	if len(list) == 0 {
		return directory.AttributeDef{}, directory.NotFound("attribute %q not found", id)
	}
	return list[0], nil
}

// loadAttributes reads the company's attributes in creation order, or
// only the one with id when id is not "".
func (s *Store) loadAttributes(ctx context.Context, q handle, companyID, id string) ([]directory.AttributeDef, error) {
	query := `SELECT d.id, d.name, d.type, d.options, d.open_list, d.new_options, d.created_us, n.name
		FROM attribute_defs d LEFT JOIN attribute_names n ON n.attribute_id = d.id AND n.position > 0
		WHERE d.company_id = ?`
	args := []any{companyID}
	if id != "" {
		query += ` AND d.id = ?`
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY d.seq, n.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.AttributeDef
	for rows.Next() {
		var a directory.AttributeDef
		var typ, options, newOptions, alias string
		var created int64
		if err := rows.Scan(&a.ID, &a.Name, &typ, nullString{&options}, &a.Open, nullString{&newOptions}, &created, nullString{&alias}); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == a.ID {
			out[n-1].Aliases = append(out[n-1].Aliases, alias)
			continue
		}
		a.CompanyID, a.Type, a.Created = companyID, directory.AttributeType(typ), fromMicros(created)
		for _, col := range []struct {
			stored string
			into   *[]string
		}{{options, &a.Options}, {newOptions, &a.NewOptions}} {
			if col.stored != "" {
				if err := json.Unmarshal([]byte(col.stored), col.into); err != nil {
					return nil, err
				}
			}
		}
		if alias != "" {
			a.Aliases = []string{alias}
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attributeDefs returns the company's attributes by id.
func (s *Store) attributeDefs(ctx context.Context, q handle, companyID string) (map[string]directory.AttributeDef, error) {
	list, err := s.loadAttributes(ctx, q, companyID, "")
	if err != nil {
		return nil, err
	}
	defs := make(map[string]directory.AttributeDef, len(list))
	for _, d := range list {
		defs[d.ID] = d
	}
	return defs, nil
}

// CountAttributeValues counts the employees holding a value of the
// attribute.
func (s *Store) CountAttributeValues(ctx context.Context, companyID, id string) (int, error) {
	var n int
	err := s.read(ctx, func(tx handle) error {
		if _, err := s.loadAttribute(ctx, tx, companyID, id); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM employee_attribute_values WHERE attribute_id = ?`, id).Scan(&n)
	})
	if err != nil {
		return 0, s.wrap("count attribute values", err)
	}
	return n, nil
}

// DeleteAttribute removes the attribute with its names and values and
// returns how many values went. The employees that held one change (their
// SCIM representation loses the value): version+1, modified now.
func (s *Store) DeleteAttribute(ctx context.Context, companyID, id string) (int, error) {
	var n int
	err := s.write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		if _, err := s.loadAttribute(ctx, tx, companyID, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE employees SET version = version + 1, modified_us = ?
			WHERE company_id = ? AND id IN (SELECT employee_id FROM employee_attribute_values WHERE attribute_id = ?)`,
			micros(s.clock()), companyID, id)
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		n = int(changed)
		for _, q := range []string{
			`DELETE FROM employee_attribute_values WHERE attribute_id = ?`,
			`DELETE FROM attribute_names WHERE attribute_id = ?`,
			`DELETE FROM attribute_defs WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		// Its owner goes with it: nothing is left to own.
		_, err = tx.ExecContext(ctx, `DELETE FROM attribute_owners WHERE company_id = ? AND attribute = ?`,
			companyID, directory.CompanyAttribute(id))
		return err
	})
	if err != nil {
		return 0, s.wrap("delete attribute", err)
	}
	return n, nil
}
