package sqlstore

import "context"

// Statements sent ahead: a Batch's deferred creates (batch.go) go to
// PostgreSQL a hundred at a time, and the store used to wait for their
// outcome before it built the next hundred — the server idle while
// roster built them, roster idle while the server ran them. They are now
// sent without waiting (sendAhead): the server runs them while the next
// ones are built, and their outcome is read before anything else is sent
// on the connection (collect, which every flush calls first), and
// handled as flush handles its own: a write of them that failed is
// rolled back alone and the statements after it sent again, before those
// queued since.

// sentAhead is what sendAhead sent: the statements as queued, where
// writes among them were merged, the pipeline's writes among them, and
// the wait for their outcome.
type sentAhead struct {
	statements []Statement
	run        mergedRun
	writes     []queuedWrite
	wait       func() error
}

// sendAhead sends what is queued without waiting for its outcome, after
// reading the outcome of what it sent before. Between the writes of a
// pipeline only (none running): the writes queued from now on are
// counted from the queue's start.
func (h handle) sendAhead(ctx context.Context) error {
	ctx = h.statementContext(ctx)
	if err := h.collect(ctx); err != nil {
		return err
	}
	q := h.queue
	if q.len() == 0 {
		return nil
	}
	writes := q.pipe.writes
	statements, run, wait := h.send(ctx)
	q.ahead = &sentAhead{statements: statements, run: run, writes: writes, wait: wait}
	q.pipe.writes = []queuedWrite{}
	return nil
}

// collect reads the outcome of what was sent ahead, if anything, and
// handles it as flush does its own: what is to be sent again is queued
// before what was queued since.
func (h handle) collect(ctx context.Context) error {
	q := h.queue
	if q == nil || q.ahead == nil {
		return nil
	}
	a := q.ahead
	q.ahead = nil
	since, sinceWrites, running := q.statements, q.pipe.writes, q.pipe.running
	q.statements, q.pipe.writes, q.pipe.running = nil, a.writes, false
	err := h.outcome(ctx, a.statements, a.run, a.wait())
	for _, w := range sinceWrites {
		w.start += len(q.statements)
		q.pipe.writes = append(q.pipe.writes, w)
	}
	q.statements = append(q.statements, since...)
	q.pipe.running = running
	return err
}

// discardAhead reads and forgets the outcome of what was sent ahead, if
// anything: the transaction is being rolled back, and the connection
// must be free for it.
func (h handle) discardAhead() {
	if q := h.queue; q != nil && q.ahead != nil {
		a := q.ahead
		q.ahead = nil
		_ = a.wait()
	}
}
