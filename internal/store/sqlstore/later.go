package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
)

// Statements sent later, together. On PostgreSQL every statement is a
// round trip, and an employee write's statements all run under its
// company's lock (company_lock.go): the company's next write waits for
// every one of them. Most are inserts whose outcome nothing in the write
// waits for — the emails, the history, the provenance, the activity-log
// entry. A write queues those (execLater), and they go to the server in
// one round trip just before the transaction's next statement, whatever
// it is, or with its commit (flush): pipelined in a pgx batch, each
// prepared like any other statement (a text of several statements would
// be parsed and planned anew every time, under the lock).
//
//   - The statements still run in the order written, so the transaction
//     reads what it wrote.
//   - A queued statement's failure fails the transaction as it did, only
//     reported by the statement (or commit) that sent it. A statement
//     whose failure means something to its write — an employee's insert
//     or update, whose unique violation means "userName taken" — carries
//     what it means (Statement.Explain, execLaterExplained), and that is
//     what is reported. Its failure must be the database's: a statement
//     that changes nothing where the write would fail (ON CONFLICT DO
//     NOTHING) cannot be queued, since what follows it, and the commit,
//     go with it.
//   - A Batch sends each call's queued statements, with the release of
//     its savepoint, before the call returns, so that its caller knows
//     its outcome — except a deferred create's (batch.go). A group's
//     writes, told their outcome only at the group's commit, need not:
//     theirs go with the next write's (pipelined_writes.go), as a
//     deferred create's do.
//   - SQLite, where a statement is no round trip, runs them at once
//     (Dialect.SendTogether) — but for a Batch's rows, which it holds and
//     sends many to a statement (held_inserts.go).

// statementQueue holds a write transaction's queued statements.
type statementQueue struct {
	statements []Statement // as written: "?" placeholders
	// sent counts the flushes: none means nothing reached the server.
	sent int
	// ended is set once COMMIT is queued: the transaction is over.
	ended bool
	// outside is set where no transaction was begun (readAtOnce): each
	// statement is its own, and there is nothing to end or roll back.
	outside bool
	// pipe tracks whose statements are queued in a pipelined group
	// (pipelined_writes.go).
	pipe pipeline
	// unmerged is set while the writes queued are sent again after
	// their merge failed (merged_writes.go).
	unmerged bool
	// ahead is what was sent without waiting for its outcome
	// (sent_ahead.go), if anything.
	ahead *sentAhead
}

// len is how many statements are queued (none without a queue).
func (q *statementQueue) len() int {
	if q == nil {
		return 0
	}
	return len(q.statements)
}

// drop forgets the statements queued after the first n (never sent).
func (q *statementQueue) drop(n int) {
	if q != nil && n < len(q.statements) {
		clear(q.statements[n:])
		q.statements = q.statements[:n]
	}
}

// execLater queues query to run before the transaction's next statement;
// without a queue (outside a write transaction, or on a backend that sends
// statements one by one) it runs now — or, a plain INSERT of rows in a
// SQLite Batch, is held to go with others (held_inserts.go).
func (h handle) execLater(ctx context.Context, query string, args ...any) error {
	if h.queue == nil {
		if held, err := h.hold(ctx, Statement{Query: query, Args: args}); held || err != nil {
			return err
		}
		_, err := h.ExecContext(ctx, query, args...)
		return err
	}
	h.queue.statements = append(h.queue.statements, Statement{Query: query, Args: args})
	return nil
}

// execLaterExplained is execLater for a statement whose failure explain
// tells the meaning of (Statement.Explain), wherever it is sent.
func (h handle) execLaterExplained(ctx context.Context, explain func(error) error, query string, args ...any) error {
	return h.queueStatement(ctx, Statement{Query: query, Args: args, Explain: explain})
}

// queueStatement is execLater for st, a statement that reads nothing
// (its Explain, if any, telling what its failure means).
func (h handle) queueStatement(ctx context.Context, st Statement) error {
	if h.queue == nil {
		_, err := h.ExecContext(ctx, st.Query, st.Args...)
		if err != nil && st.Explain != nil {
			err = st.Explain(err)
		}
		return err
	}
	h.queue.statements = append(h.queue.statements, st)
	return nil
}

// flush sends the queued statements: one round trip for all of them (and
// one more when an earlier write of a pipelined group failed among them:
// pipelined_writes.go, or a merge of writes did: merged_writes.go),
// after reading the outcome of what was sent ahead (sent_ahead.go).
func (h handle) flush(ctx context.Context) error {
	ctx = h.statementContext(ctx)
	if err := h.collect(ctx); err != nil {
		return err
	}
	for h.queue.len() > 0 {
		statements, run, wait := h.send(ctx)
		if err := h.outcome(ctx, statements, run, wait()); err != nil {
			return err
		}
	}
	return nil
}

// send sends the queued statements, the runs of writes among them merged
// (merged_writes.go) unless their merge failed: it returns them, where
// they were merged, and the wait for their outcome.
func (h handle) send(ctx context.Context) ([]Statement, mergedRun, func() error) {
	q := h.queue
	statements := q.statements
	q.statements = nil
	q.sent++
	h.p.statements.Add(1)
	send, run := statements, mergedRun{}
	if !q.unmerged {
		send, run = q.pipe.merge(statements)
	}
	for i := range send {
		send[i].Query = h.p.rebind(send[i].Query)
	}
	return statements, run, h.p.d.SendTogether()(ctx, h.conn, send)
}

// outcome handles err, the outcome of statements sent with run merged:
// what is to be sent again (an earlier write of a pipelined group
// failed, or a merge did) is queued, and nil returned; any other failure
// is returned.
func (h handle) outcome(ctx context.Context, statements []Statement, run mergedRun, err error) error {
	q := h.queue
	if err == nil {
		q.pipe.sent()
		q.unmerged = false
		return nil
	}
	again, undone, err := h.unmerge(ctx, statements, run, err)
	if undone {
		q.statements, q.unmerged = again, true
		return nil
	}
	rest, err := h.recoverEarlier(ctx, statements, err)
	if err != nil {
		q.pipe.sent() // those before the failed one ran
		q.unmerged = false
		return err
	}
	q.statements = rest
	return nil
}

// writeTogether is Store.write where statements are sent together: the
// store begins and ends the transaction with statements of its own,
// rather than database/sql's BeginTx and Commit, each a round trip of its
// own. BEGIN is queued, and goes with the write's first statements (an
// employee write's company lock is queued too: lockForEmployeeWrite);
// COMMIT goes with its last queued ones.
func (s *Store) writeTogether(ctx context.Context, fn func(tx handle) error) error {
	return together(ctx, s.w, "BEGIN", fn)
}

// readTogether is Store.read where statements are sent together: BEGIN
// goes with the read's first statements, and COMMIT with its last queued
// ones.
func (s *Store) readTogether(ctx context.Context, fn func(tx handle) error) error {
	// The request's caller is read in the read's snapshot, sent with its
	// first statements.
	return together(ctx, s.r, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", withCallerCheck(ctx, fn))
}

// together runs fn in a transaction on a connection of p that begin
// begins, its statements sent together (writeTogether, readTogether);
// begin "" runs them outside a transaction (readAtOnce).
func together(ctx context.Context, p *pool, begin string, fn func(tx handle) error) error {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	h := handle{p: p, conn: conn, queue: &statementQueue{}}
	committed := false
	defer func() {
		// Also when fn panics: the connection must not go back to the
		// pool inside the transaction.
		if !committed {
			h.rollback(ctx)
		}
	}()
	if begin == "" {
		h.queue.outside = true
	} else if err := h.execLater(ctx, begin); err != nil {
		return err
	}
	if err := fn(h); err != nil {
		return err
	}
	if h.queue.outside {
		if err := h.flush(ctx); err != nil {
			return err
		}
	} else if !h.queue.ended {
		if err := h.end(ctx); err != nil {
			return err
		}
	}
	committed = true
	return nil
}

// end commits h's transaction, with what is queued. In a pipelined
// group that is the last writes' statements: one of them that fails is
// its write's alone, rolled back, and the rest sent again with COMMIT
// (pipelined_writes.go); COMMIT's own failure is every write's.
func (h handle) end(ctx context.Context) error {
	h.queue.endWrites()
	if err := h.execLater(ctx, "COMMIT"); err != nil {
		return err
	}
	h.queue.ended = true
	return h.flush(ctx)
}

// queryLater queues query, whose rows read reads when it is sent (with
// what is queued before and after it, at the next statement or flush);
// without a queue it runs now.
func (h handle) queryLater(ctx context.Context, read func(Rows) error, query string, args ...any) error {
	if h.queue != nil {
		h.queue.statements = append(h.queue.statements, Statement{Query: query, Args: args, Read: read})
		return nil
	}
	rows, err := h.QueryContext(ctx, query, args...)
	return readRows(rows, err, read)
}

// readRows reads a query's rows (and error), as QueryContext returns
// them, through read, and closes them.
func readRows(rows *sql.Rows, err error, read func(Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := read(rows); err != nil {
		return err
	}
	return rows.Close()
}

// queryWith runs a read whose answer the caller needs now, sent with
// what is queued before it: one round trip where a read of its own
// (QueryContext) sends the queue first and then itself — two. A write
// that reads after queuing (a create resolving its manager, after the
// Batch's creates before it) waits for one.
func (h handle) queryWith(ctx context.Context, read func(Rows) error, query string, args ...any) error {
	if err := h.queryLater(ctx, read, query, args...); err != nil {
		return err
	}
	return h.flush(ctx)
}

// rollback ends h's transaction, if it began, undoing it: what is queued
// is forgotten. A connection that cannot roll back in time — the
// caller's deadline has passed, or the server does not answer — is
// closed rather than reused: the server rolls back a transaction whose
// connection is gone (and pgx's stdlib refuses to reuse one left inside a
// transaction).
func (h handle) rollback(ctx context.Context) {
	ctx = h.statementContext(ctx)
	h.discardAhead()
	h.queue.drop(0)
	if h.queue.sent == 0 || h.queue.outside {
		return // BEGIN never went, or there was none
	}
	if ctx.Err() == nil {
		h.p.statements.Add(1)
		if _, err := h.conn.ExecContext(ctx, "ROLLBACK"); err == nil {
			return
		}
	}
	h.conn.Raw(func(any) error { return driver.ErrBadConn })
}
