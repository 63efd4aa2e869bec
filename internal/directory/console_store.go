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

// Session is a signed-in console session. The browser holds a random
// token; only its SHA-256 hash (HashToken) is stored.
type Session struct {
	TokenHash []byte
	AdminID   string
	CompanyID string
	// CSRFToken is the synchronizer token every form of the session
	// carries; a request whose form holds another is refused.
	CSRFToken string
	Created   time.Time
	Expires   time.Time
}

// ConsoleStore keeps what the admin console needs beyond the SCIM data:
// administrators, sessions, login throttling, token rotation. It is part
// of Store.
type ConsoleStore interface {
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

	// AddSetupToken stores the hash of a one-time first-run setup token.
	AddSetupToken(ctx context.Context, hash []byte, at time.Time) error
	// SetupTokenValid reports whether hash is a stored setup token and no
	// admin exists yet.
	SetupTokenValid(ctx context.Context, hash []byte) (bool, error)
	// CompleteSetup creates company and its first admin in one
	// transaction and deletes every setup token, provided that hash is a
	// stored setup token (else ENotFound) and no admin exists (else
	// EConflict): a setup URL works once, on one instance or many.
	CompleteSetup(ctx context.Context, hash []byte, company *Company, a *Admin) error

	// CreateSession stores s (TokenHash, AdminID, CSRFToken and Expires
	// set), filling in Created and CompanyID from the admin.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByTokenHash finds an unexpired session at now; an unknown or
	// expired one is ENotFound.
	SessionByTokenHash(ctx context.Context, hash []byte, now time.Time) (Session, error)
	// DeleteSession ends a session (sign-out); an unknown one is no error.
	DeleteSession(ctx context.Context, hash []byte) error
	// DeleteExpiredSessions removes the sessions expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	LoginThrottleStore

	// RotateConnection gives a connection a new token without a gap: in
	// one transaction it stores next (a new connection of the same
	// company, with ID, Label and TokenHash set), makes the old token stop
	// working at oldUntil (now, or the end of a grace period; never later
	// than an earlier revocation) and records that next replaces old.
	// A connection already replaced is EConflict.
	RotateConnection(ctx context.Context, oldID string, next *Connection, oldUntil time.Time) error
	// ConnectionReplacements maps each of the company's connections that
	// a rotation replaced to the connection that replaced it.
	ConnectionReplacements(ctx context.Context, companyID string) (map[string]string, error)
}
