package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit. On a backend whose writes go one at a time through one
// connection and each commit waits for the disk (SQLite with
// synchronous=FULL), concurrent writes would each pay a sync of their
// own while the others queue. The committer instead runs the writes that
// are waiting when it is free in one transaction, each inside a
// savepoint, and commits them together: one sync for all.
//
//   - A write is acknowledged (its caller's write returns nil) only after
//     the shared commit succeeded, so every acknowledged write is durable
//     exactly as before.
//   - One write's failure never undoes another's: a write that returns an
//     error (or panics) is rolled back to its savepoint alone, and its
//     caller gets its own error at once.
//   - A write whose caller gave up (its context ended) before its turn is
//     not run.
//   - A lone write runs without savepoints: no cost when there is no
//     concurrency.
//
// Writes in one group run one after another, in arrival order, each
// seeing the ones before it: the same serial order the writer connection
// gave them before.

// maxGroup bounds the writes of one commit, so that a caller never waits
// behind an unbounded queue's worth of other writes.
const maxGroup = 64

// groupWrite is one caller's write waiting for the committer.
type groupWrite struct {
	ctx  context.Context
	fn   func(tx handle) error
	done chan groupOutcome
	// state is queued until the committer takes the write (running) or
	// its caller gives up waiting for its turn (abandoned), whichever
	// comes first.
	state atomic.Int32
}

const (
	queued int32 = iota
	running
	abandoned
)

// groupOutcome is what the committer tells a write's caller.
type groupOutcome struct {
	err error
	// panicked carries a panic of the write's function to its caller.
	panicked bool
	panicVal any
}

// committer runs grouped writes; see above.
type committer struct {
	s     *Store
	queue chan *groupWrite
	stop  chan struct{}
	done  sync.WaitGroup
}

func newCommitter(s *Store) *committer {
	c := &committer{s: s, queue: make(chan *groupWrite, maxGroup), stop: make(chan struct{})}
	c.done.Add(1)
	go c.run()
	return c
}

var errStoreClosed = errors.New("the store is closed")

// write queues fn and waits for its outcome.
func (c *committer) write(ctx context.Context, fn func(tx handle) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan groupOutcome, 1)}
	select {
	case c.queue <- w:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.stop:
		return errStoreClosed
	}
	// A caller whose deadline passes before its write's turn leaves; once
	// the write runs, the caller waits for its outcome (within one group):
	// leaving then could report a failure for a write that commits.
	var out groupOutcome
	select {
	case out = <-w.done:
	case <-ctx.Done():
		if w.state.CompareAndSwap(queued, abandoned) {
			return ctx.Err()
		}
		out = <-w.done
	}
	if out.panicked {
		panic(out.panicVal)
	}
	return out.err
}

// close stops the committer after the group it is running.
func (c *committer) close() {
	close(c.stop)
	c.done.Wait()
}

func (c *committer) run() {
	defer c.done.Done()
	for {
		var group []*groupWrite
		select {
		case w := <-c.queue:
			group = append(group, w)
		case <-c.stop:
			c.drain()
			return
		}
	more:
		for len(group) < maxGroup {
			select {
			case w := <-c.queue:
				group = append(group, w)
			default:
				break more
			}
		}
		c.commit(group)
	}
}

// drain answers the writes still queued when the store closes.
func (c *committer) drain() {
	for {
		select {
		case w := <-c.queue:
			w.done <- groupOutcome{err: errStoreClosed}
		default:
			return
		}
	}
}

// commit runs a group in one transaction.
func (c *committer) commit(group []*groupWrite) {
	defer c.s.w.prepareWanted(context.Background())
	c.s.w.statements.Add(2) // BEGIN, COMMIT
	tx, err := c.s.w.db.BeginTx(context.Background(), nil)
	if err != nil {
		for _, w := range group {
			w.done <- groupOutcome{err: err}
		}
		return
	}
	h := handle{p: c.s.w, tx: tx, st: &txStmts{prepare: c.s.d.PrepareInTransaction()}}
	alone := len(group) == 1
	var applied []*groupWrite
	for i, w := range group {
		if !w.state.CompareAndSwap(queued, running) {
			continue // its caller left
		}
		if err := w.ctx.Err(); err != nil {
			w.done <- groupOutcome{err: err}
			continue
		}
		out, broken := c.apply(h, w, alone)
		if out.err == nil && !out.panicked {
			applied = append(applied, w)
			continue
		}
		w.done <- out
		if broken != nil {
			// The transaction is in an unknown state: nothing of it
			// may commit.
			tx.Rollback()
			fail := fmt.Errorf("a write grouped with this one could not be rolled back alone, so none was applied: %w", broken)
			for _, o := range append(applied, group[i+1:]...) {
				o.done <- groupOutcome{err: fail}
			}
			return
		}
	}
	if len(applied) == 0 {
		tx.Rollback()
		return
	}
	err = tx.Commit()
	for _, w := range applied {
		w.done <- groupOutcome{err: err}
	}
}

// apply runs one write in the group's transaction: inside a savepoint
// unless it is alone. broken is set when its failure could not be rolled
// back to the savepoint (or it was alone: the whole transaction is its).
func (c *committer) apply(h handle, w *groupWrite, alone bool) (out groupOutcome, broken error) {
	ctx := w.ctx
	if !alone {
		if _, err := h.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
			return groupOutcome{err: err}, err
		}
	}
	out = runCatching(h, w.fn)
	if alone {
		if out.err != nil || out.panicked {
			return out, errWriteFailed
		}
		return out, nil
	}
	// The savepoint statements must run whatever the caller's context
	// says: a write cancelled midway still has to be undone.
	bg := context.WithoutCancel(ctx)
	if out.err != nil || out.panicked {
		if _, err := h.ExecContext(bg, "ROLLBACK TO SAVEPOINT group_write"); err != nil {
			return out, err
		}
	}
	if _, err := h.ExecContext(bg, "RELEASE SAVEPOINT group_write"); err != nil {
		return out, err
	}
	return out, nil
}

// errWriteFailed ends a transaction that held one failed write alone.
var errWriteFailed = errors.New("write failed")

// runCatching runs fn, turning a panic into an outcome for its caller.
func runCatching(h handle, fn func(tx handle) error) (out groupOutcome) {
	defer func() {
		if v := recover(); v != nil {
			out = groupOutcome{panicked: true, panicVal: v}
		}
	}()
	return groupOutcome{err: fn(h)}
}
