package sqlstore

import (
	"context"
	"database/sql/driver"
	"slices"
	"strings"
)

// Statements sent later, together. On PostgreSQL every statement is a
// round trip, and an employee write's statements all run under its
// company's lock (company_lock.go): the company's next write waits for
// every one of them. Most are inserts whose outcome nothing in the write
// waits for — the emails, the history, the provenance, the activity-log
// entry. A write queues those (execLater), and they go to the server in
// one round trip just before the transaction's next statement, whatever
// it is, or before its commit (flush).
//
//   - The statements still run in the order written, so the transaction
//     reads what it wrote.
//   - A queued statement's failure fails the transaction as it did, only
//     reported by the statement (or commit) that sent it. So only
//     statements whose errors are not told apart are queued: never one
//     whose unique violation means "taken".
//   - A Batch sends each call's queued statements, with the release of
//     its savepoint, before the call returns, so that a failure is its
//     call's alone (batch.go).
//   - SQLite, where a statement is no round trip, runs them at once
//     (Dialect.SendTogether).

// statementQueue holds a write transaction's queued statements.
type statementQueue struct {
	query strings.Builder // the statements, "?" placeholders, ";"-separated
	args  []any
	n     int
	// sent counts the flushes: none means nothing reached the server.
	sent int
	// ends are query.Len() and len(args) after each statement, for drop.
	ends []queueEnd
}

type queueEnd struct{ text, args int }

// len is how many statements are queued (none without a queue).
func (q *statementQueue) len() int {
	if q == nil {
		return 0
	}
	return q.n
}

// drop forgets the statements queued after the first n (never sent).
func (q *statementQueue) drop(n int) {
	if q == nil || n >= q.n {
		return
	}
	text, args := 0, 0
	if n > 0 {
		text, args = q.ends[n-1].text, q.ends[n-1].args
	}
	s := q.query.String()[:text]
	q.query.Reset()
	q.query.WriteString(s)
	q.args, q.ends, q.n = q.args[:args], q.ends[:n], n
}

// execLater queues query to run before the transaction's next statement;
// without a queue (outside a write transaction, or on a backend that sends
// statements one by one) it runs now.
func (h handle) execLater(ctx context.Context, query string, args ...any) error {
	if h.queue == nil {
		_, err := h.ExecContext(ctx, query, args...)
		return err
	}
	q := h.queue
	if q.n > 0 {
		q.query.WriteString(";\n")
	}
	q.query.WriteString(query)
	q.args = append(q.args, args...)
	q.n++
	q.ends = append(q.ends, queueEnd{q.query.Len(), len(q.args)})
	return nil
}

// flush sends the queued statements: one round trip for all of them.
func (h handle) flush(ctx context.Context) error {
	q := h.queue
	if q == nil || q.n == 0 {
		return nil
	}
	query, args, n := q.query.String(), q.args, q.n
	q.query.Reset()
	q.args, q.ends, q.n = nil, q.ends[:0], 0
	q.sent++
	h.p.statements.Add(1)
	if n == 1 {
		// A statement alone runs prepared, as any other.
		st, unprepared := h.prepared(ctx, query)
		if st != nil {
			_, err := st.ExecContext(ctx, args...)
			return err
		}
		_, err := h.runner().ExecContext(ctx, unprepared, args...)
		return err
	}
	_, err := h.runner().ExecContext(ctx, rebind(h.p.d, query), append(slices.Clip(h.p.d.SendTogether()), args...)...)
	return err
}

// writeTogether is Store.write where statements are sent together: the
// store begins and ends the transaction with statements of its own,
// rather than database/sql's BeginTx and Commit, each a round trip of its
// own. BEGIN is queued, and goes with the write's first statements (an
// employee write's company lock is queued too: lockForEmployeeWrite);
// COMMIT goes with its last queued ones.
func (s *Store) writeTogether(ctx context.Context, fn func(tx handle) error) (err error) {
	conn, err := s.w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	h := handle{p: s.w, conn: conn, queue: &statementQueue{}}
	committed := false
	defer func() {
		// Also when fn panics: the connection must not go back to the
		// pool inside the transaction.
		if !committed {
			h.rollback(ctx)
		}
	}()
	if err := h.execLater(ctx, "BEGIN"); err != nil {
		return err
	}
	if err := fn(h); err != nil {
		return err
	}
	if err := h.execLater(ctx, "COMMIT"); err != nil {
		return err
	}
	if err := h.flush(ctx); err != nil {
		return err
	}
	committed = true
	return nil
}

// rollback ends h's transaction, if it began, undoing it: what is queued
// is forgotten. A connection that cannot roll back in time — the
// caller's deadline has passed, or the server does not answer — is
// closed rather than reused: the server rolls back a transaction whose
// connection is gone (and pgx's stdlib refuses to reuse one left inside a
// transaction).
func (h handle) rollback(ctx context.Context) {
	h.queue.drop(0)
	if h.queue.sent == 0 {
		return // BEGIN never went
	}
	if ctx.Err() == nil {
		h.p.statements.Add(1)
		if _, err := h.conn.ExecContext(ctx, "ROLLBACK"); err == nil {
			return
		}
	}
	h.conn.Raw(func(any) error { return driver.ErrBadConn })
}
