package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"roster/internal/directory"
)

// CreateCompany stores c, filling in Created when it is zero.
func (s *Store) CreateCompany(ctx context.Context, c *directory.Company) error {
	if c.ID == "" {
		return s.wrap("create company", directory.Invalid("company id is required"))
	}
	if err := c.Validate(); err != nil {
		return s.wrap("create company", err)
	}
	created := c.Created.UTC().Truncate(time.Microsecond)
	if c.Created.IsZero() {
		created = s.clock()
	}
	err := s.write(ctx, func(tx handle) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO companies (id, name, created_us, provisioning_disabled) VALUES (?, ?, ?, ?)`,
			c.ID, c.Name, micros(created), c.ProvisioningDisabled)
		if s.d.IsUniqueViolation(err) {
			return directory.Conflict("a company with id %q already exists", c.ID)
		}
		return err
	})
	if err != nil {
		return s.wrap("create company", err)
	}
	c.Created = created
	return nil
}

const companyColumns = `id, name, created_us, provisioning_disabled`

func scanCompany(row interface{ Scan(...any) error }) (directory.Company, error) {
	var c companyRow
	if err := row.Scan(c.dest()...); err != nil {
		return directory.Company{}, err
	}
	return c.value(), nil
}

// companyRow scans companyColumns, alone or among other columns.
type companyRow struct {
	c       directory.Company
	created int64
}

func (r *companyRow) dest() []any {
	return []any{&r.c.ID, &r.c.Name, &r.created, &r.c.ProvisioningDisabled}
}

func (r *companyRow) value() directory.Company {
	r.c.Created = fromMicros(r.created)
	return r.c
}

// Company returns the company with the id.
func (s *Store) Company(ctx context.Context, id string) (directory.Company, error) {
	c, err := scanCompany(s.r.h().QueryRowContext(ctx, `SELECT `+companyColumns+` FROM companies WHERE id = ?`, id))
	if isNoRows(err) {
		err = directory.NotFound("company %q not found", id)
	}
	if err != nil {
		return directory.Company{}, s.wrap("company", err)
	}
	return c, nil
}

// Companies returns every company, ordered by name.
func (s *Store) Companies(ctx context.Context) ([]directory.Company, error) {
	rows, err := s.r.h().QueryContext(ctx, `SELECT `+companyColumns+` FROM companies ORDER BY name, id`)
	if err != nil {
		return nil, s.wrap("companies", err)
	}
	defer rows.Close()
	var out []directory.Company
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, s.wrap("companies", err)
		}
		out = append(out, c)
	}
	return out, s.wrap("companies", rows.Err())
}

// SetProvisioningDisabled turns provisioning of a company off or on.
func (s *Store) SetProvisioningDisabled(ctx context.Context, companyID string, disabled bool) error {
	err := s.write(ctx, func(tx handle) error {
		res, err := tx.ExecContext(ctx, `UPDATE companies SET provisioning_disabled = ? WHERE id = ?`, disabled, companyID)
		return notFoundIfNone(res, err, "company %q not found", companyID)
	})
	return s.wrap("set provisioning disabled", err)
}

// notFoundIfNone turns an UPDATE that changed no row into ENotFound.
func notFoundIfNone(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return directory.NotFound(format, args...)
	}
	return nil
}

// companyExists reports ENotFound for an unknown company.
func (s *Store) companyExists(ctx context.Context, q handle, id string) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM companies WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return directory.NotFound("company %q not found", id)
	}
	return nil
}
