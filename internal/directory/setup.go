package directory

import (
	"context"
	"time"
)

// SetupStore keeps the one-time setup tokens of a first run: the server
// logs a setup URL while no admin exists, and whoever opens it first
// creates the first company and admin. It is part of Store (through
// ConsoleStore).
type SetupStore interface {
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
}
