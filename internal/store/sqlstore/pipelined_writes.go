package sqlstore

import (
	"context"
	"errors"
)

// Pipelined writes of a group, where statements are sent together
// (PostgreSQL). A group's writes (group_commit.go) are told their outcome
// only once the group commits, so a write need not wait for its own
// statements to be sent before the next one runs: the next one's
// statements are queued after them, and all go together at the next
// statement that must be answered (a PATCH's read of its employee) or at
// the group's end — a round trip for several writes, where each had one
// of its own.
//
// A write's statements are still its own to fail. PostgreSQL runs the
// statements of a batch in order and skips all that follow a failed one;
// the failed statement's index says whose it was (StatementFailed):
//
//   - the running write's: it gets the error, as when it sent them itself;
//   - an earlier write's: that write alone is rolled back to its
//     savepoint, which is then the next one's, its outcome is the error,
//     and what followed it in the batch is sent again — those statements
//     were skipped, so none of their rows was read yet.
//
// Each write's statements end with its savepoint's release and the next
// write's savepoint (savepoint.go), so the savepoint in place when an
// earlier write's statement fails is that write's own.

// StatementFailed is the failure of the statement at Index of statements
// sent together (Dialect.SendTogether); those after it did not run.
type StatementFailed struct {
	Index int
	Err   error
}

func (e *StatementFailed) Error() string { return e.Err.Error() }
func (e *StatementFailed) Unwrap() error { return e.Err }

// queuedWrite is a write of a pipelined group whose statements are queued
// from start on (until the next write's start).
type queuedWrite struct {
	start int
	// failed receives the write's error if one of its statements fails
	// after it returned.
	failed *error
}

// pipeline is the bookkeeping of a pipelined group's queue.
type pipeline struct {
	writes  []queuedWrite
	running bool // the last of writes has not returned yet
	// savepoint is the name of each write's savepoint.
	savepoint string
}

// startPipeline makes q hold the statements of writes that run in
// savepoints named savepoint, pipelined (see above).
func (q *statementQueue) startPipeline(savepoint string) {
	q.pipe = pipeline{writes: []queuedWrite{}, savepoint: savepoint}
}

// beginWrite starts a pipelined write, whose late failure goes to failed;
// where q holds no pipeline (or there is no q), it does nothing, nor do
// endWrite and endWrites.
func (q *statementQueue) beginWrite(failed *error) {
	if !q.pipelined() {
		return
	}
	q.pipe.writes = append(q.pipe.writes, queuedWrite{start: len(q.statements), failed: failed})
	q.pipe.running = true
}

// endWrite ends the running write: its statements stay queued.
func (q *statementQueue) endWrite() {
	if q.pipelined() {
		q.pipe.running = false
	}
}

// endWrites marks the statements queued from now on as no write's (what
// follows the writes: a Batch's count, COMMIT): their failure is blamed
// on none.
func (q *statementQueue) endWrites() {
	if q.pipelined() {
		q.pipe.writes = append(q.pipe.writes, queuedWrite{start: len(q.statements)})
	}
}

// queuedWrites is how many writes have statements queued in q's
// pipeline (none without one).
func (q *statementQueue) queuedWrites() int {
	if !q.pipelined() {
		return 0
	}
	return len(q.pipe.writes)
}

// runningStart is where the running write's queued statements begin.
func (p *pipeline) runningStart() int { return p.writes[len(p.writes)-1].start }

// pipelined reports whether q holds a pipelined group's writes.
func (q *statementQueue) pipelined() bool { return q != nil && q.pipe.writes != nil }

// sent forgets the writes whose statements were all sent and ran: every
// one but the running write, whose statements from now on begin at 0.
func (p *pipeline) sent() {
	if p.writes == nil {
		return
	}
	if p.running {
		last := p.writes[len(p.writes)-1]
		p.writes = append(p.writes[:0], queuedWrite{start: 0, failed: last.failed})
		return
	}
	p.writes = p.writes[:0]
}

// blame finds the write whose statement at index i of statements failed
// with err. When it is an earlier write than the running one, it records
// err as that write's outcome and returns the statements that followed
// the write's (to be sent again), and true; otherwise false.
func (p *pipeline) blame(statements []Statement, i int, err error) ([]Statement, bool) {
	k := -1
	for j, w := range p.writes {
		if w.start <= i {
			k = j
		}
	}
	if k < 0 || p.writes[k].failed == nil || p.running && k == len(p.writes)-1 {
		return nil, false
	}
	*p.writes[k].failed = err
	end := len(statements)
	if k+1 < len(p.writes) {
		end = p.writes[k+1].start
	}
	rest := statements[end:]
	later := p.writes[k+1:]
	for j := range later {
		later[j].start -= end
	}
	p.writes = append(p.writes[:0], later...)
	return rest, true
}

// recoverEarlier handles err, the failure of statements sent together:
// when an earlier write of a pipelined group failed, it rolls that write
// back and returns the statements to send again (see above); otherwise
// it returns err.
func (h handle) recoverEarlier(ctx context.Context, statements []Statement, err error) ([]Statement, error) {
	var failed *StatementFailed
	if !h.queue.pipelined() || !errors.As(err, &failed) {
		return nil, err
	}
	rest, earlier := h.queue.pipe.blame(statements, failed.Index, failed.Err)
	if !earlier {
		return nil, err
	}
	if rerr := h.rollbackPipelined(ctx); rerr != nil {
		return nil, rerr
	}
	return rest, nil
}

// rollbackPipelined rolls back to the savepoint in place, a pipeline
// write's, in a round trip of its own (PostgreSQL would not even prepare
// statements sent with it before it ran), whatever ctx says. The
// company's facts are forgotten: what was rolled back may have taken the
// company's lock in its savepoint.
func (h handle) rollbackPipelined(ctx context.Context) error {
	h.facts.forget()
	h.p.statements.Add(1)
	_, err := h.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT "+h.queue.pipe.savepoint)
	return err
}
