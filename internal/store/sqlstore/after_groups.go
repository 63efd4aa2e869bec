package sqlstore

import "context"

// What a backend sees of the committer's groups (group_commit.go).
//
// After each group's answers, the committer runs the Hooks' AfterGroup:
// work that belongs to no write — SQLite copying its WAL into the
// database file — and that none should wait for; the writer is free
// then, before the next group.
//
// A GroupWatch sees each group's transaction itself: whether anything
// was committed since the committer's last group (then the company facts
// its writes kept, batch_facts.go, may have changed), what its writes
// left (one integer a query reads just before the commit) and when it
// committed (before the writes' answers) — SQLite marks which commit of
// its WAL was its own, and the generation of callers it left.

// afterGroup runs the Hooks' AfterGroup, if any.
func (s *Store) afterGroup() {
	if fn := s.hooks.AfterGroup; fn != nil {
		fn()
	}
}

// GroupWatch watches the committer's group transactions.
type GroupWatch struct {
	// Begun runs in each group's transaction, before its writes, and
	// reports whether the database is as the committer's last group
	// left it: nothing committed since, by any process. false when it
	// cannot tell.
	Begun func() (unchanged bool)
	// Query reads one integer in the transaction, after its writes.
	Query string
	// Committed runs once the transaction committed, before its writes'
	// answers, with what Query read (not when Query failed).
	Committed func(value int64)
}

// watchedGroup is a GroupWatch's view of one group.
type watchedGroup struct {
	w     *GroupWatch
	value int64
	read  bool
}

// watchGroup returns the watch of a group about to begin (nil: none).
func (s *Store) watchGroup() *watchedGroup {
	if w := s.hooks.GroupWatch; w != nil {
		return &watchedGroup{w: w}
	}
	return nil
}

// begun runs the watch's Begun: false without a watch.
func (g *watchedGroup) begun() (unchanged bool) {
	return g != nil && g.w.Begun()
}

// ending reads the watch's value in h, the group's transaction; a
// failure to read it is no failure of the group's writes.
func (g *watchedGroup) ending(ctx context.Context, h handle) {
	if g != nil {
		g.read = h.QueryRowContext(ctx, g.w.Query).Scan(&g.value) == nil
	}
}

func (g *watchedGroup) committed() {
	if g != nil && g.read {
		g.w.Committed(g.value)
	}
}
