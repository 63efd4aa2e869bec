package sqlstore

import (
	"context"
	"errors"
	"strings"

	"roster/internal/directory"
)

// A Batch's creates without savepoints, where the backend undoes a failed
// statement by itself (Dialect.FailedStatementUndoneAlone: SQLite).
//
// Each call of a Batch must fail alone (batch.go), and a savepoint is how
// (savepoint.go). On SQLite a savepoint costs a Bulk request's create two
// statements (RELEASE, SAVEPOINT) and a copy of every page the create
// changes, kept to roll back to: about a tenth of the writer's time per
// create (Bulk creates 6,732–6,750/s with them, 7,268–7,679/s without, in
// alternating runs), and a savepoint held across several creates costs
// more, not less (its copies pile up: 5,497–5,513/s with one per hundred
// creates). Yet SQLite rolls back a statement that fails a constraint by
// itself, and the transaction goes on; and a create's only write that its
// input can make fail is its first, the employee's insert, whose unique
// indexes hold what can be taken (its userName, its id) — every other
// failure of a create (an invalid employee, a manager that is the employee
// itself) is found before it writes. One create writes before its
// employee: one whose value an open option list admits (refs.go's
// admitOption); it takes a savepoint of its own (writesBeforeItsEmployee,
// below) — without one, its userName taken made the whole Bulk request
// fail. So, on such a backend, a Batch sets no savepoint for its other
// creates:
//
//   - A create that fails before any of its statements wrote (pool.wrote
//     unchanged) left nothing to undo: its failure is its own, as in a
//     savepoint.
//   - One that fails after a statement of its wrote cannot be undone
//     alone: the batch is broken and nothing of it commits, as when a
//     savepoint cannot be rolled back to. No input fails a create so (the
//     Bulk tests of each way a create fails say so, and
//     TestHeldRowsAgreeWithSingleWrites compares random runs of calls
//     with the same calls one write at a time); a database failing
//     mid-create (I/O, a full disk) does.
//   - Some failures make SQLite roll the whole transaction back (I/O, a
//     full disk, no memory, an interrupt). After a failure, BEGIN asks
//     whether the transaction is still there: refused within one, it is;
//     accepted, it was gone (and what BEGIN began is rolled back), and the
//     batch is broken.
//
// Its other calls (an update, a delete, a read) each set a savepoint of
// their own and release it (inOwnSavepoint): none is held between calls,
// where a create would pay for it.

var (
	errWroteThenFailed = errors.New("a create failed after it had written, and cannot be undone alone")
	errTransactionGone = errors.New("the database rolled the transaction back")
)

// undoneAlone runs op, a create (see above). broken is set when op's
// failure left the transaction in an unknown state.
func (h handle) undoneAlone(ctx context.Context, op func() error) (err, broken error) {
	before := h.p.wrote.Load()
	if err = op(); err == nil {
		return nil, nil
	}
	if h.p.wrote.Load() != before || !h.held.undoCall() {
		return err, errWroteThenFailed
	}
	return err, h.transactionGone(ctx)
}

// transactionGone is nil when h's transaction is still open, and
// errTransactionGone when the database rolled it back (see above).
//
// Nothing held (held_inserts.go) is sent first: outside the transaction
// it would be committed by itself.
func (h handle) transactionGone(ctx context.Context) error {
	ctx = context.WithoutCancel(ctx)
	_, err := h.execRaw(ctx, "BEGIN")
	if h.p.d.NestedBeginRefused(err) {
		return nil
	}
	if err == nil {
		h.execRaw(ctx, "ROLLBACK") //nolint:errcheck // what BEGIN began holds nothing
	}
	return errTransactionGone
}

// inOwnSavepoint runs op inside the savepoint name, set before it and
// released after it — rolled back to first when op fails — so that no
// savepoint is held once it returns (see above). broken is set when the
// savepoint could not be rolled back to or released.
func (h handle) inOwnSavepoint(ctx context.Context, name string, op func() error) (err, broken error) {
	if err := h.openSavepoint(ctx, name); err != nil {
		return err, h.transactionGone(ctx)
	}
	ctx = context.WithoutCancel(ctx)
	if err = op(); err != nil {
		if _, rerr := h.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return err, rerr
		}
	}
	if _, rerr := h.ExecContext(ctx, "RELEASE SAVEPOINT "+name); rerr != nil {
		return errors.Join(err, rerr), rerr
	}
	return err, nil
}

// readOnlyQuery reports whether query is a SELECT (or begins as one): it
// writes nothing. pool.wrote counts any other query as a write.
func readOnlyQuery(query string) bool {
	q := strings.TrimLeft(query, " \t\n")
	return len(q) >= 6 && strings.EqualFold(q[:6], "SELECT")
}

// queried counts query among what may have written unless it is a
// SELECT (pool.wrote).
func (p *pool) queried(query string) {
	if !readOnlyQuery(query) {
		p.wrote.Add(1)
	}
}

// writesBeforeItsEmployee reports whether creating e writes before its
// employee's insert: an open option list admitting a new value of e's
// (refs.go's admitOption). A failure after that write — the employee's
// own reference to itself, its userName taken — could not be undone
// alone and would break the whole batch, so such a create runs in a
// savepoint of its own, as any other call. The attributes are the ones
// the batch keeps for its writes (batch_facts.go), which the create then
// checks its values against.
func (b *batch) writesBeforeItsEmployee(ctx context.Context, e *directory.Employee) bool {
	if e == nil || len(e.Attributes) == 0 {
		return false
	}
	defs, err := b.s.writeDefs(ctx, b.tx, b.company)
	if err != nil {
		return true // the create will meet the failure itself; in a savepoint
	}
	for id, v := range e.Attributes {
		d, ok := defs[id]
		if !ok {
			continue // refused before anything is written
		}
		if stored, ok, err := d.Check(v); err == nil && ok && d.Admits(stored.Text) {
			return true
		}
	}
	return false
}
