package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
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
//     not run. Once it runs, its caller waits for its outcome, and its
//     statements run under the group's context rather than the caller's
//     (handle.within): a caller that goes away must not interrupt a
//     statement, which would undo the other writes of its transaction
//     too — SQLite rolls the whole transaction back when a write statement
//     is interrupted, and pgx closes the connection of a cancelled one.
//   - A lone write runs without savepoints: no cost when there is no
//     concurrency. A write that runs statements per employee (a Batch
//     of more than a few calls) always runs alone (groupWrite.ownGroup).
//
// Writes in one group run one after another, in arrival order, each
// seeing the ones before it: the same serial order the writer connection
// gave them before.

// maxGroup bounds the writes of one commit, so that a caller never waits
// behind an unbounded queue's worth of other writes.
const maxGroup = 64

// groupWrite is one caller's write waiting for the committer.
type groupWrite struct {
	ctx context.Context
	fn  func(tx handle) error
	// company is the company of an employee write (writeFor); "" for any
	// other write.
	company string
	// leavesFacts marks a write, not an employee write, that changes none
	// of the company facts the group's employee writes keep
	// (batch_facts.go; writeLeavingFacts).
	leavesFacts bool
	// ownGroup marks a write that runs in a group of its own: one that
	// runs statements per employee (a Batch of more than a few calls,
	// batch.go's groupedBatchCalls; a guard's release, an attribute's
	// edit, the stranded references' repair). Inside a
	// group's savepoint, every statement that SQLite journals (one that
	// may fail midway: an insert into a unique index, an update of a
	// referrer) ends by cutting the savepoint's in-memory journal back to
	// where the statement began — a walk of that journal, 1 KiB at a
	// time, from its start (memjrnlTruncate). The journal holds a copy of
	// every page the write's earlier statements changed, so each statement
	// walked all of them: in a Bulk request of 1,000 creates naming their
	// managers, a fifth of the writer's CPU, more the larger the company
	// (the fewer of its pages a request's updates share). Alone, such a
	// write has no savepoint around it, and a statement's journal is its
	// own. (Such a Bulk of 20,000, an export in no particular order, while
	// another company synced: 1,935 and 2,397 creates/s grouped, 4,190
	// and 4,365 alone; the sync's 493 and 535 employees/s, 637 and 645.)
	ownGroup bool
	done     chan groupOutcome
	// late is the write's failure found once it returned, in a pipelined
	// group (pipelined_writes.go).
	late error
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
	// perCompany marks a committer of one company's employee writes
	// (company_commit.go, PostgreSQL). Its group's transaction ends by the
	// latest deadline of its writes' callers, where a server that stops
	// answering would otherwise hold them all (a SQLite committer's, on a
	// local file, has none).
	perCompany bool
	// facts are the company facts its groups' employee writes share
	// (batch_facts.go), kept for the next group when the store's
	// GroupWatch tells that nothing was committed in between.
	facts batchFacts
	// written are the employees its groups stored (written_employees.go),
	// kept as the facts are; a SQLite committer's only.
	written writtenEmployees
}

func newCommitter(s *Store, perCompany bool) *committer {
	c := &committer{s: s, queue: make(chan *groupWrite, maxGroup), stop: make(chan struct{}), perCompany: perCompany}
	c.done.Add(1)
	go c.run()
	return c
}

var errStoreClosed = errors.New("the store is closed")

// write queues fn and waits for its outcome.
func (c *committer) write(ctx context.Context, fn func(tx handle) error) error {
	return c.writeOf(ctx, "", fn)
}

// writeOf is write for fn, an employee write of company (or "", any
// other write).
func (c *committer) writeOf(ctx context.Context, company string, fn func(tx handle) error) error {
	return c.send(&groupWrite{ctx: ctx, fn: fn, company: company, done: make(chan groupOutcome, 1)})
}

// writeLeavingFacts is write for fn, which changes none of the company
// facts that employee writes keep (batch_facts.go).
func (c *committer) writeLeavingFacts(ctx context.Context, fn func(tx handle) error) error {
	return c.send(&groupWrite{ctx: ctx, fn: fn, leavesFacts: true, done: make(chan groupOutcome, 1)})
}

// writeOwnGroup is write for fn, which runs in a group of its own
// (ownGroup).
func (c *committer) writeOwnGroup(ctx context.Context, fn func(tx handle) error) error {
	return c.send(&groupWrite{ctx: ctx, fn: fn, ownGroup: true, done: make(chan groupOutcome, 1)})
}

// send queues w and waits for its outcome.
func (c *committer) send(w *groupWrite) error {
	ctx := w.ctx
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
	var next *groupWrite // taken from the queue for the next group (ownGroup)
	for {
		var group []*groupWrite
		if next != nil {
			group, next = append(group, next), nil
		} else {
			select {
			case w := <-c.queue:
				group = append(group, w)
			case <-c.stop:
				c.drain()
				return
			}
		}
	more:
		for len(group) < maxGroup && !group[0].ownGroup {
			select {
			case w := <-c.queue:
				if w.ownGroup {
					next = w // after this group: writes keep their order
					break more
				}
				group = append(group, w)
			default:
				break more
			}
		}
		c.commit(group)
		c.catchUp() // catch_up.go
		c.s.afterGroup()
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
	ctx, cancel := c.groupContext(group)
	defer cancel()
	alone := len(group) == 1
	var applied []*groupWrite
	ran, told := false, false // told: every write of the group has its outcome
	watch := c.s.watchGroup()
	err := c.s.transact(ctx, func(h handle) error {
		h.within = ctx
		unchanged := watch.begun()
		if !alone {
			if err := h.openSavepoint(ctx, groupSavepoint); err != nil {
				return err // no write ran: each gets err
			}
		}
		// A group of one company's writes, where statements are sent
		// together, sends its writes' statements together too.
		pipelined := c.perCompany && !alone && h.queue != nil
		if pipelined {
			h.queue.startPipeline(groupSavepoint)
		}
		ran = true
		// The group's writes hold the company's lock (per company) or
		// the only writer (SQLite) together: its employee writes share
		// what they need to know of their company (batch_facts.go) —
		// and with the last group's, whose commit is still the last.
		if !unchanged {
			c.forgetKept()
		}
		h.facts = &c.facts
		if !c.perCompany {
			h.written = &c.written
		}
		for i, w := range group {
			if !w.state.CompareAndSwap(queued, running) {
				continue // its caller left
			}
			if err := w.ctx.Err(); err != nil {
				w.done <- groupOutcome{err: err}
				continue
			}
			h.queue.beginWrite(&w.late)
			out, broken := c.apply(h, w, alone)
			h.queue.endWrite()
			if out.err == nil && !out.panicked {
				applied = append(applied, w)
				if w.company == "" && !w.leavesFacts {
					// Any other write — an administrator's, a Batch
					// with facts of its own — may have changed them.
					c.forgetKept()
				}
				continue
			}
			c.forgetKept() // it may have taken the lock in its savepoint
			w.done <- out
			if broken != nil {
				// The transaction is in an unknown state: nothing of it
				// may commit.
				fail := fmt.Errorf("a write grouped with this one could not be rolled back alone, so none was applied: %w", broken)
				for _, o := range append(applied, group[i+1:]...) {
					o.done <- groupOutcome{err: fail}
				}
				told = true
				return broken
			}
		}
		if len(applied) == 0 {
			return errNothingApplied // roll back
		}
		watch.ending(ctx, h)
		// A pipelined group's last statements go with its COMMIT
		// (handle.end).
		return nil
	})
	if err != nil || told {
		c.forgetKept() // what its writes noted was not committed
	}
	if told {
		return
	}
	if err == nil {
		watch.committed()
	}
	if !ran { // the transaction, or its first savepoint, could not begin
		applied = group
	}
	for _, w := range applied {
		if w.late != nil && err == nil {
			w.done <- groupOutcome{err: w.late}
			continue
		}
		w.done <- groupOutcome{err: err}
	}
}

// forgetKept forgets what the committer keeps from write to write: the
// company facts and the employees it wrote.
func (c *committer) forgetKept() {
	c.facts.forget()
	c.written.forget()
}

// groupSavepoint is the savepoint of each write of a group.
const groupSavepoint = "group_write"

var errNothingApplied = errors.New("no write of the group applied")

// groupContext is the context of a group's transaction (see perCompany).
func (c *committer) groupContext(group []*groupWrite) (context.Context, context.CancelFunc) {
	if !c.perCompany {
		return context.Background(), func() {}
	}
	var latest time.Time
	for _, w := range group {
		d, ok := w.ctx.Deadline()
		if !ok {
			return context.Background(), func() {}
		}
		if d.After(latest) {
			latest = d
		}
	}
	return context.WithDeadline(context.Background(), latest)
}

// apply runs one write in the group's transaction: inside a savepoint
// unless it is alone. broken is set when its failure could not be rolled
// back to the savepoint (or it was alone: the whole transaction is its).
func (c *committer) apply(h handle, w *groupWrite, alone bool) (out groupOutcome, broken error) {
	ctx := w.ctx
	if alone {
		out = runCatching(h, w.fn)
		if out.err != nil || out.panicked {
			return out, errWriteFailed
		}
		return out, nil
	}
	err, broken := h.inSavepoint(ctx, groupSavepoint, func() error {
		out = runCatching(h, w.fn)
		if out.panicked {
			return errWriteFailed
		}
		return out.err
	})
	if err != nil && out.err == nil && !out.panicked {
		out = groupOutcome{err: err} // sending what it queued failed
	}
	return out, broken
}

// errWriteFailed ends a transaction that held one failed write alone, and
// stands for a panic of a grouped write inside its savepoint.
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
