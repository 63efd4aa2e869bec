package directory

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Admin is a person who signs in to the console to manage one company's
// provisioning. Email addresses are unique across all companies (compared
// case-insensitively): the sign-in page asks for nothing else.
type Admin struct {
	ID        string
	CompanyID string
	Email     string
	// PasswordHash is the password in PHC string form
	// ($argon2id$v=19$m=…,t=…,p=…$salt$hash); never the password.
	PasswordHash string
	Created      time.Time
}

// Validate checks the admin's fields.
func (a *Admin) Validate() error {
	a.Email = strings.TrimSpace(a.Email)
	if a.Email == "" {
		return Invalid("an email address is required")
	}
	if len(a.Email) > 254 {
		return Invalid("the email address may hold at most 254 bytes")
	}
	if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email || !strings.Contains(a.Email, "@") {
		return Invalid("%q is not an email address such as ada@example.com", a.Email)
	}
	if !strings.HasPrefix(a.PasswordHash, "$") {
		return Invalid("an admin needs a password hash")
	}
	return nil
}

// AdminStore keeps the console's administrators. It is part of Store
// (through ConsoleStore).
type AdminStore interface {
	// CreateAdmin stores a (ID, CompanyID, Email and PasswordHash set),
	// filling in Created. When company is non-nil it is created first in
	// the same transaction and a.CompanyID must be its ID. An email
	// already used by any admin, compared case-insensitively, is
	// EConflict; an unknown company is ENotFound.
	CreateAdmin(ctx context.Context, a *Admin, company *Company) error
	Admin(ctx context.Context, id string) (Admin, error)
	// AdminByEmail finds an admin by email, case-insensitively.
	AdminByEmail(ctx context.Context, email string) (Admin, error)
	// Admins lists a company's admins, oldest first.
	Admins(ctx context.Context, companyID string) ([]Admin, error)
	// CountAdmins counts the admins of all companies; 0 means first run.
	CountAdmins(ctx context.Context) (int, error)
}
