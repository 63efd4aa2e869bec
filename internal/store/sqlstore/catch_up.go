package sqlstore

import "context"

// What a Batch leaves for after its answer (Dialect.CatchUp: SQLite's
// search index of the employees it created). A Batch that leaves
// something marks the store behind; after each group, once no write
// waits, the committer runs the dialect's catch-up statements in a
// transaction of their own, a group of its own — what the next write
// would otherwise wait for is done while the writer has nothing else to
// do. Nothing depends on it having run: what it brings up to date reads
// right until then (pending employees are candidates of every search),
// and the next writes bring it up to date anyway. A catch-up that fails
// is not retried until another Batch leaves something.

// leftBehind marks that a Batch left work for the catch-up, where the
// dialect has any.
func (s *Store) leftBehind() {
	if s.group != nil && s.d.CatchUp() != nil {
		s.behind.Store(true)
	}
}

// CaughtUp reports whether no Batch's catch-up waits or runs: what a
// Batch left is done (tests count a Batch's statements, its catch-up's
// included, once it is).
func (s *Store) CaughtUp() bool { return !s.behind.Load() }

// catchUp runs the catch-up if a Batch left one and no write waits. The
// mark is cleared once it ran: only the committer sets it (a Batch's
// write) and clears it, so none is lost.
func (c *committer) catchUp() {
	if !c.s.behind.Load() || len(c.queue) > 0 {
		return
	}
	defer c.s.behind.Store(false)
	ctx := context.Background()
	c.commit([]*groupWrite{{ctx: ctx, leavesFacts: true, done: make(chan groupOutcome, 1), fn: func(tx handle) error {
		for _, st := range c.s.d.CatchUp() {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				return err
			}
		}
		return nil
	}}})
}
