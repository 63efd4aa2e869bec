package sqlstore

import (
	"context"
	"time"

	"roster/internal/directory"
)

// Console administrators (directory.AdminStore): the admins table of
// migration 0003_console.

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
