package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"roster/internal/directory"
)

// Batch runs fn's employee writes of the company in one write transaction,
// each call inside its own savepoint, and commits them together: one
// commit, so one sync to disk for the whole batch (see
// directory.BatchStore).
func (s *Store) Batch(ctx context.Context, companyID string, fn func(b directory.Batch) error) error {
	calls := directory.BatchCalls(ctx)
	write := s.writeOwnGroup
	if !batchOwnsGroup(calls) {
		write = s.write
	}
	err := write(ctx, func(tx handle) error {
		if err := s.lockCompany(ctx, tx, companyID); err != nil {
			return err
		}
		tx.locked, tx.facts, tx.written = companyID, &batchFacts{pendingLimit: batchPendingLimit(calls)}, nil
		countStart, countEnd := s.d.CountInBatch()
		if countStart != "" {
			if err := tx.execLater(ctx, countStart, companyID); err != nil {
				return err
			}
			tx.countsAtEnd = companyID
		}
		b := &batch{s: s, tx: tx, company: companyID}
		defer b.finish()
		if b.savepointFree() {
			b.tx.held = &heldInserts{} // held_inserts.go
		} else if err := tx.openSavepoint(ctx, batchSavepoint); err != nil {
			return err
		}
		if tx.queue != nil {
			tx.queue.startPipeline(batchSavepoint)
		}
		if err := fn(b); err != nil {
			return err
		}
		// A call whose savepoint could not be rolled back left the
		// transaction in an unknown state: commit nothing.
		if b.broken != nil {
			return b.broken
		}
		if err := b.tx.releaseHeld(ctx); err != nil {
			return err
		}
		s.leftBehind() // catch_up.go
		// What the deferred creates left to send goes with COMMIT
		// (handle.end); the count after them is no call's.
		tx.queue.endWrites()
		if countEnd != "" {
			return tx.execLater(ctx, countEnd, companyID)
		}
		return nil
	})
	if err == nil {
		s.checkStranded(ctx, companyID) // test binaries only (stranded_check.go)
	}
	return s.wrap("batch", err)
}

// batch implements directory.Batch on one write transaction.
type batch struct {
	s       *Store
	tx      handle
	company string

	mu     sync.Mutex
	done   bool
	broken error
}

var errBatchDone = errors.New("the batch is finished")

func (b *batch) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = true
}

// batchSavepoint is the savepoint of each call of a Batch.
const batchSavepoint = "batch_call"

// call runs op inside a savepoint (inSavepoint; on SQLite one of its own,
// inOwnSavepoint, and none for a create: savepoint_free.go): rolled back
// alone when it fails. The savepoint statements are prepared like the
// others: a Bulk request runs them thousands of times.
//
// Where statements are sent together, the calls are pipelined as a
// group's writes are (pipelined_writes.go): a call sends what the calls
// before it queued, and its own statements, before it returns, so that
// its outcome is known — except a deferred create's (CreateEmployeeDeferred),
// whose statements wait for the next call's, or for the commit.
func (b *batch) call(ctx context.Context, what string, op func() error) error {
	return b.callOf(ctx, what, op, otherCall, nil)
}

// callKind is what a call does: a create runs with no savepoint of its
// own where the batch is savepoint-free (savepoint_free.go), and a
// deferred one holds its employee's insert where the batch holds rows
// (held_inserts.go).
type callKind int

const (
	otherCall callKind = iota
	createCall
	deferredCreate
)

// callOf is call for a call of kind (created: a create's employee).
func (b *batch) callOf(ctx context.Context, what string, op func() error, kind callKind, created *directory.Employee) error {
	var late error
	err := b.callDeferred(ctx, what, op, &late, kind, created)
	if err == nil && b.tx.queue != nil {
		err = b.settle(ctx, what)
		if err == nil {
			err = b.s.wrap(what, late)
		}
	}
	return err
}

// callDeferred is call whose statements may be sent after it returns;
// their failure then goes to *late (at the latest when the batch commits).
// created is a create's employee (nil for any other call).
func (b *batch) callDeferred(ctx context.Context, what string, op func() error, late *error, kind callKind, created *directory.Employee) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.unusable(what); err != nil {
		return err
	}
	if kind != otherCall && b.savepointFree() && b.writesBeforeItsEmployee(ctx, created) {
		kind = otherCall
	}
	b.tx.queue.beginWrite(late)
	var heldLate *error // where a deferred create's held employee's failure goes
	if kind == deferredCreate {
		heldLate = late
	}
	b.tx.held.beginCall(heldLate)
	var err, broken error
	switch {
	case !b.savepointFree():
		err, broken = b.tx.inSavepoint(ctx, batchSavepoint, op)
	case kind != otherCall:
		err, broken = b.tx.undoneAlone(ctx, op)
	default:
		err, broken = b.tx.inOwnSavepoint(ctx, batchSavepoint, op)
	}
	b.tx.held.endCall()
	b.tx.queue.endWrite()
	if broken == nil {
		// Rows held for earlier calls that could not be inserted
		// (held_inserts.go) are no call's to undo.
		broken = b.tx.held.broken()
	}
	if broken != nil {
		b.broken = fmt.Errorf("a call's failure could not be undone alone: %w", broken)
		return b.s.wrap(what, errors.Join(err, b.broken))
	}
	return b.s.wrap(what, err)
}

// savepointFree reports whether the batch's creates run without
// savepoints (savepoint_free.go): where the backend undoes a failed
// statement alone and statements run at once.
func (b *batch) savepointFree() bool {
	return b.tx.queue == nil && b.s.d.FailedStatementUndoneAlone()
}

// groupedBatchCalls is the most calls a Batch may expect and still share
// its commit with other writes (group_commit.go). A Batch in a group's
// savepoint pays for every statement SQLite journals a walk of what its
// calls changed so far (groupWrite.ownGroup), which grows with its calls;
// a Batch alone pays a commit, and a sync, of its own. Four clients
// sending Bulk requests of 10 creates at once, alone: 2,761 and 2,524
// creates/s grouped, 1,858 and 2,387 alone.
const groupedBatchCalls = 32

// batchOwnsGroup reports whether a Batch expecting calls calls (0: not
// told) runs in a group of its own.
func batchOwnsGroup(calls int) bool { return calls == 0 || calls > groupedBatchCalls }

// unusable is why the batch takes no more work for what: it is finished,
// or broken (see Batch); nil otherwise. b.mu is held.
func (b *batch) unusable(what string) error {
	if b.done {
		return b.s.wrap(what, errBatchDone)
	}
	if b.broken != nil {
		return b.s.wrap(what, b.broken)
	}
	return nil
}

// settle sends what the calls queued, or held: their deferred outcomes
// are known after it.
func (b *batch) settle(ctx context.Context, what string) error {
	return b.send(ctx, what, func(ctx context.Context) error {
		if err := b.tx.releaseHeld(ctx); err != nil {
			return err
		}
		return b.tx.flush(ctx)
	})
}

// send sends what the calls queued by how (flush, or sendAhead). A
// failure other than a call's own leaves the transaction in an unknown
// state (broken).
func (b *batch) send(ctx context.Context, what string, how func(context.Context) error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.unusable(what); err != nil {
		return err
	}
	if err := how(ctx); err != nil {
		b.broken = err
		return b.s.wrap(what, err)
	}
	return nil
}

// Settle implements directory.DeferringBatch.
func (b *batch) Settle(ctx context.Context) error { return b.settle(ctx, "settle the batch") }

// CreateEmployee implements directory.Batch.
func (b *batch) CreateEmployee(ctx context.Context, e *directory.Employee, by directory.Actor) error {
	return b.callOf(ctx, "create employee", func() error { return b.create(ctx, e, by, describedTargets) }, createCall, e)
}

// create is a call's create of e.
func (b *batch) create(ctx context.Context, e *directory.Employee, by directory.Actor, shown targetsShown) error {
	if e.CompanyID == "" {
		e.CompanyID = b.company
	}
	if e.CompanyID != b.company {
		return directory.Invalid("the employee belongs to another company than the batch")
	}
	return b.s.createEmployee(ctx, b.tx, e, by, shown)
}

// CreateEmployeeDeferred implements directory.DeferringBatch; e's
// references are left without their targets' names. Every
// aheadWrites deferred creates are sent ahead (sent_ahead.go): the
// server runs them while the next are built, and their outcomes are
// known at the next Settle, or the commit.
func (b *batch) CreateEmployeeDeferred(ctx context.Context, e *directory.Employee, by directory.Actor, late *error) error {
	if err := b.callDeferred(ctx, "create employee", func() error { return b.create(ctx, e, by, bareTargets) }, late, deferredCreate, e); err != nil {
		return err
	}
	return b.send(ctx, "create employee", func(ctx context.Context) error {
		if b.tx.queue.queuedWrites() < aheadWrites {
			return nil
		}
		return b.tx.sendAhead(ctx)
	})
}

// aheadWrites is how many deferred creates wait, held in memory, before
// they are sent ahead.
const aheadWrites = 100

// Employee implements directory.Batch.
func (b *batch) Employee(ctx context.Context, id string) (directory.Employee, error) {
	var out directory.Employee
	err := b.call(ctx, "employee", func() error {
		var err error
		out, _, err = b.s.loadEmployee(ctx, b.tx, b.company, id, false)
		return err
	})
	return out, err
}

// UpdateEmployee implements directory.Batch.
func (b *batch) UpdateEmployee(ctx context.Context, id string, by directory.Actor, fn func(*directory.Employee) error) (directory.Employee, error) {
	var out directory.Employee
	err := b.call(ctx, "update employee", func() error {
		var err error
		out, err = b.s.updateEmployee(ctx, b.tx, b.company, id, by, fn)
		return err
	})
	return out, err
}

// DeleteEmployee implements directory.Batch.
func (b *batch) DeleteEmployee(ctx context.Context, id string, by directory.Actor, check func(*directory.Employee) error) error {
	return b.call(ctx, "delete employee", func() error {
		return b.s.deleteEmployee(ctx, b.tx, b.company, id, by, check)
	})
}
