package directory

import (
	"context"
	"time"
)

// RotationStore replaces a connection's token without a gap: the new
// token works at once and the old one through a grace period, and the
// console shows the chain of replacements as one connection (see
// Connection for how the label passes on). It is part of Store (through
// ConsoleStore).
type RotationStore interface {
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
