package sqlstore

import "context"

// Savepoints for calls that share a transaction but must fail alone: a
// group's writes (group_commit.go) and a Batch's calls (batch.go).
//
// A savepoint is always in place when a call begins: openSavepoint sets
// the first; a call that succeeds releases its own and sets the next
// one's, sent with the statements it queued (later.go) in one round trip
// before it returns (a pipelined group's write, and a Batch's deferred
// create, later: pipelined_writes.go), so that their failure is its own;
// one that fails is rolled back to its savepoint, which stays for the
// next. Where
// statements are sent together, a call thus costs no round trip of its
// own for its savepoint; the last one is released by the commit. A
// Batch where a failed statement is undone alone (SQLite) holds none
// between its calls: its creates set none (savepoint_free.go).

// openSavepoint sets the savepoint name for the first call.
func (h handle) openSavepoint(ctx context.Context, name string) error {
	return h.execLater(ctx, "SAVEPOINT "+name)
}

// inSavepoint runs op inside the savepoint name (see above). err is op's
// failure, or that of sending what it queued; broken is set when it could
// not be rolled back to the savepoint, which leaves the transaction in an
// unknown state.
func (h handle) inSavepoint(ctx context.Context, name string, op func() error) (err, broken error) {
	mine := h.queue.len()
	err = op()
	if err == nil {
		err = h.execLater(ctx, "RELEASE SAVEPOINT "+name)
	}
	if err == nil {
		err = h.openSavepoint(ctx, name)
	}
	if err == nil && !h.queue.pipelined() {
		err = h.flush(ctx) // a pipelined group's go with the next write's
	}
	if err == nil {
		return nil, nil
	}
	// PostgreSQL refuses every statement after an error until the
	// transaction, or here the savepoint, is rolled back; the rollback
	// must run whatever the caller's context says. What op queued and
	// did not send is simply forgotten (an earlier write's, in a
	// pipelined group, goes before the rollback).
	if h.queue.pipelined() {
		mine = h.queue.pipe.runningStart()
	}
	h.queue.drop(mine)
	if _, rerr := h.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
		return err, rerr
	}
	return err, nil
}
