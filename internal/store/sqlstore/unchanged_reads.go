package sqlstore

import "context"

// Reads without a transaction, where the backend can tell that nothing
// was committed while they ran.
//
// A read of several statements (a lookup's page, then its details) must
// see one state of the database. A transaction gives it one, at the cost
// of its BEGIN and COMMIT — on SQLite, through database/sql, with every
// statement bound to the transaction, a tenth of a lookup's CPU. Where no
// commit at all was made between the read's first statement and its
// last, the statements saw one state without one: the backend marks the
// database's last commit (CommitMark; SQLite: the WAL index's header,
// which every commit of any process changes), the read runs on the pool
// between two marks, and when they differ it runs again in a
// transaction. So fn must be safe to run twice: it sets what it returns,
// it does not add to it.

// CommitMark marks the database's last commit: two equal marks mean that
// nothing was committed between them; ok is false when the backend
// cannot tell at the moment.
type CommitMark func() (mark any, ok bool)

// readUnlessChanged is read, run without a transaction when no commit
// comes while it runs (see above).
func (s *Store) readUnlessChanged(ctx context.Context, fn func(tx handle) error) error {
	mark := s.hooks.CommitMark
	if mark == nil {
		return s.read(ctx, fn)
	}
	if before, ok := mark(); ok {
		err := fn(s.r.h())
		if after, ok := mark(); ok && after == before {
			return err
		}
	}
	return s.read(ctx, fn)
}
