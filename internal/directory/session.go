package directory

import (
	"context"
	"time"
)

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

// SessionStore keeps signed-in console sessions. Only token hashes are
// stored, so reading the store does not sign anyone in. It is part of
// Store (through ConsoleStore).
type SessionStore interface {
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
}
