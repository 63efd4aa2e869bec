package sqlstore

import "context"

// Short reads without their request's cancellation.
//
// A statement run with a context that can end costs, per statement, a
// goroutine in database/sql waiting for the end to close the rows, one in
// modernc's driver waiting for it to interrupt SQLite, and two calls into
// SQLite to set and clear a progress handler — about a twentieth of a
// lookup's CPU on SQLite, where the lookup itself is an index seek that
// cannot wait on anything for long. Where the dialect says such reads
// end on their own (ShortReadsUncancelled), a point lookup runs with its
// context's values but without its cancellation or deadline: a client
// that leaves mid-lookup costs the lookup's remaining microseconds. Its
// wait for a reader connection is not cut short either; that wait is
// bounded by the reads ahead of it, each a short read or one that keeps
// its own deadline, so under overload such a lookup may answer after
// its request's deadline instead of with a 503. Every other read, and
// every write (a write whose caller leaves is undone: group_commit.go),
// keeps its request's cancellation.

// shortRead is ctx for a short read: without its cancellation where the
// dialect lets such reads run to their end.
func (s *Store) shortRead(ctx context.Context) context.Context {
	if s.d.ShortReadsUncancelled() {
		return context.WithoutCancel(ctx)
	}
	return ctx
}
