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

// ReplacedChain returns the ids of the chain of tokens whose newest is
// id, newest first: id, the token it replaced, the one that one
// replaced … (replacedBy maps each replaced connection to its
// replacement, as ConnectionReplacements returns it). People know the
// chain as one connection: its requests, refusals and log are the
// chain's.
func ReplacedChain(id string, replacedBy map[string]string) []string {
	replaced := map[string]string{}
	for old, next := range replacedBy {
		replaced[next] = old
	}
	ids := []string{id}
	for len(ids) <= len(replacedBy) { // bounded: no cycles even on bad data
		old, ok := replaced[ids[len(ids)-1]]
		if !ok {
			break
		}
		ids = append(ids, old)
	}
	return ids
}
