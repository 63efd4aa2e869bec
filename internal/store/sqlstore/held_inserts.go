package sqlstore

import (
	"context"
	"errors"
	"strings"
)

// A SQLite Batch's rows held back and inserted many to a statement.
//
// On SQLite a statement is no round trip, but each costs the driver and
// the engine about 4 µs beyond its rows (database/sql's statement, the
// parameters' binding and unbinding, the engine's program set up and
// halted): a 64-row INSERT of status changes cost 2.8 µs a row against
// 6.6 µs for single rows. A Bulk request's create wrote its employee's
// row and then five statements of one or two rows each — its emails, its
// status change, its external id, its attribute values, its activity-log
// entry. In a savepoint-free Batch (savepoint_free.go) those — every
// plain INSERT of rows (merged_inserts.go) that carries no meaning of
// its own (no Statement.Explain) — are held, and sent merged into
// multi-row INSERTs by table (as merged_writes.go does for PostgreSQL)
// just before the transaction's next statement that is not held, at the
// latest when the Batch ends.
//
//   - The transaction reads what it wrote: any statement but a held
//     INSERT releases what is held first (handle.ExecContext,
//     QueryContext, QueryRowContext) — with one exception, an employee's
//     own INSERT (insertEmployee) while no employee is held: it reads
//     none of the held tables (no trigger runs on an insert into
//     employees since migration 0033; its checks are its own unique
//     indexes: TestNoTriggerOnEmployeeInserts). So a run of creates holds
//     all their rows but their employees'. (Past a held employee it would
//     take a creation number ahead of one created before it, and the
//     order employees are listed and references resolved in would not
//     be the order they were created in.)
//   - A deferred create's employee (directory.DeferringBatch: a Bulk
//     request's create, whose outcome may be told late) is held too,
//     with its Explain. A release inserts the held employees first (the
//     other rows name them: SQLite's foreign keys), runs of one shape
//     merged; where a merged INSERT fails (a userName taken), SQLite
//     undid it alone, and its rows go one by one: each failure is its
//     create's — told late (*late), or, when the running create's own
//     statement released them, that statement's failure —, and the
//     failed creates' other rows are dropped unsent.
//   - Rows of one table are inserted in the order written; only rows of
//     different tables change order, as in merged_writes.go, and nothing
//     reads between them.
//   - Other held rows cannot fail for their input (they are the rows of
//     employees inserted: no unique index of theirs can be taken), only
//     for the database's failure (I/O, a full disk). Such a failure
//     leaves some of the merged INSERTs done and some not, which no call
//     can be blamed for alone: the Batch is broken and nothing of it
//     commits (heldInserts.failed, batch.callDeferred).
//   - A create that fails has its own held rows dropped (undoneAlone):
//     none was sent. Rows sent count as writes of no call (pool.wrote
//     counts the calls' own), so that a create failing after a read
//     that released its predecessors' rows is still undone alone.

// heldInserts is what a Batch's transaction holds.
type heldInserts struct {
	statements []heldStatement
	// call numbers the calls; running is the running call's number (0:
	// none runs), late where to tell its failure if it is a deferred
	// create.
	call, running int
	late          *error
	// mark is how many of statements were held before the running
	// call's; ownSent is set once some of the call's were inserted.
	mark    int
	ownSent bool
	// employees counts the employee inserts held.
	employees int
	// failed is the failure of a release: the transaction is then in an
	// unknown state.
	failed error
	// named are the folds of what the employees whose rows are held may
	// be named by, pending the folds of their references left pending
	// (held_reads.go).
	named, pending map[string]bool
}

// heldStatement is a statement held for a call: a deferred create's
// employee (with its Explain), or a row.
type heldStatement struct {
	Statement
	call int
	late *error
}

// mostHeld bounds the statements held: about a hundred creates' rows.
const mostHeld = 512

// errHeldFailed wraps the failure of a release.
var errHeldFailed = errors.New("inserting a Batch's held rows failed")

// hold holds st if h holds statements and st is a plain INSERT of rows
// with no meaning of its own; it reports whether it did.
func (h handle) hold(ctx context.Context, st Statement) (bool, error) {
	if h.held == nil || st.Explain != nil {
		return false, nil
	}
	if _, _, ok := mergeableInsert(st); !ok {
		return false, nil
	}
	return true, h.held.add(ctx, h, st)
}

// holdsEmployees reports whether the running call is a deferred create,
// whose employee's insert is held too (holdEmployee).
func (h handle) holdsEmployees() bool { return h.held != nil && h.held.late != nil }

// mayPass reports whether an employee's insert may run before what h
// holds: when no employee is held, which it would get its creation
// number ahead of.
func (h handle) mayPass() bool { return h.held != nil && h.held.employees == 0 }

// holdEmployee holds the running deferred create's employee insert, st,
// whose Explain tells what its failure means.
func (h handle) holdEmployee(ctx context.Context, st Statement) error { return h.held.add(ctx, h, st) }

func (held *heldInserts) add(ctx context.Context, h handle, st Statement) error {
	if st.Explain != nil {
		held.employees++
	}
	held.statements = append(held.statements, heldStatement{st, held.running, held.late})
	if len(held.statements) >= mostHeld {
		return h.releaseHeld(ctx)
	}
	return nil
}

// releaseHeld sends what h holds: the deferred creates' employees first
// (the rows of the others name them), then the rows of the creates whose
// employee was inserted, merged into multi-row INSERTs by table. A
// deferred create whose employee could not be inserted (its userName
// taken) is told so (late), or, the running call, fails with it.
func (h handle) releaseHeld(ctx context.Context) error {
	held := h.held
	if held == nil {
		return nil
	}
	if held.failed != nil {
		return held.failed
	}
	if len(held.statements) == 0 {
		return nil
	}
	statements, heldEmployees := held.statements, held.employees
	held.mark, held.employees = 0, 0
	clear(held.named) // all of it is sent
	clear(held.pending)
	// What is held next reuses the array (nothing is held while this
	// runs).
	defer func() {
		clear(statements)
		held.statements = statements[:0]
	}()
	employees := make([]heldStatement, 0, heldEmployees)
	for _, st := range statements {
		if st.Explain != nil {
			employees = append(employees, st)
		}
	}
	failed, err := h.insertEmployees(ctx, employees)
	if err != nil {
		held.failed = errors.Join(errHeldFailed, err)
		return held.failed
	}
	// The rows of the creates whose employee was inserted; the running
	// call's own sent, if it has any among them.
	sent := make([]Statement, 0, len(statements)-len(employees))
	for _, st := range statements {
		if _, ok := failed[st.call]; ok {
			continue
		}
		if st.Explain == nil {
			sent = append(sent, st.Statement)
		}
		held.ownSent = held.ownSent || held.running != 0 && st.call == held.running
	}
	for _, st := range mergeHeld(sent) {
		if _, err := h.execRaw(ctx, st.Query, st.Args...); err != nil {
			held.failed = errors.Join(errHeldFailed, err)
			return held.failed
		}
	}
	var own error
	for _, st := range employees {
		err, ok := failed[st.call]
		switch {
		case !ok:
		case st.call == held.running:
			own = err // the running call fails with it, nothing of it written
		default:
			*st.late = err
		}
	}
	return own
}

// insertEmployees inserts the employees of list, runs of one shape
// merged; where a merged statement fails, its rows one by one, each
// failure its call's (explained), returned by call.
func (h handle) insertEmployees(ctx context.Context, list []heldStatement) (map[int]error, error) {
	failed := map[int]error{}
	for start := 0; start < len(list); {
		shape, _, _ := mergeableInsert(list[start].Statement)
		n := 1
		for n < mostMergedRows && start+n < len(list) {
			if next, _, _ := mergeableInsert(list[start+n].Statement); next != shape {
				break
			}
			n++
		}
		for n&(n-1) != 0 {
			n &= n - 1 // a power of two: one merged statement (mergeInserts)
		}
		run := list[start : start+n]
		start += n
		merged := make([]Statement, len(run))
		for i, st := range run {
			merged[i] = st.Statement
		}
		st := mergeInserts(shape, merged)[0]
		if _, err := h.execRaw(ctx, st.Query, st.Args...); err == nil {
			continue
		}
		// SQLite undid the statement alone — unless the failure rolled
		// the transaction back, after which nothing may run.
		if err := h.transactionGone(ctx); err != nil {
			return nil, err
		}
		for _, st := range run {
			if _, err := h.execRaw(ctx, st.Query, st.Args...); err != nil {
				if err := h.transactionGone(ctx); err != nil {
					return nil, err
				}
				failed[st.call] = st.Explain(err)
			}
		}
	}
	return failed, nil
}

// mergeHeld merges statements, every one a mergeable INSERT, by table,
// in the order each table first appears; a table's rows stay in order:
// each run of its statements of one shape (the same columns: a sparse
// insert's vary, sparse_inserts.go) is merged.
func mergeHeld(statements []Statement) []Statement {
	type run struct {
		shape insertShape
		list  []Statement
	}
	var tables []string
	byTable := map[string][]run{}
	for _, st := range statements {
		shape, _, _ := mergeableInsert(st)
		table := insertTable(shape.head)
		runs, seen := byTable[table]
		if !seen {
			tables = append(tables, table)
		}
		if n := len(runs); n > 0 && runs[n-1].shape == shape {
			runs[n-1].list = append(runs[n-1].list, st)
		} else {
			runs = append(runs, run{shape, []Statement{st}})
		}
		byTable[table] = runs
	}
	var out []Statement
	for _, table := range tables {
		for _, r := range byTable[table] {
			out = append(out, mergeInserts(r.shape, r.list)...)
		}
	}
	return out
}

// insertTable is the table of a mergeable INSERT's head.
func insertTable(head string) string {
	table, _, _ := strings.Cut(strings.TrimPrefix(head, "INSERT INTO "), "(")
	return strings.TrimSpace(table)
}

// beginCall marks the start of a call's statements (nil-safe); late is
// where to tell a deferred create's failure, nil for any other call.
func (held *heldInserts) beginCall(late *error) {
	if held != nil {
		held.call++
		held.running, held.late = held.call, late
		held.mark, held.ownSent = len(held.statements), false
	}
}

// endCall marks the end of the running call (nil-safe).
func (held *heldInserts) endCall() {
	if held != nil {
		held.running, held.late = 0, nil
	}
}

// undoCall drops the running call's held statements, none of which was
// sent, and reports whether it could: false when some were.
func (held *heldInserts) undoCall() bool {
	if held == nil {
		return true
	}
	if held.ownSent {
		return false
	}
	for _, st := range held.statements[held.mark:] {
		if st.Explain != nil {
			held.employees--
		}
	}
	clear(held.statements[held.mark:])
	held.statements = held.statements[:held.mark]
	return true
}

// broken is the failure of a release, if any (nil-safe).
func (held *heldInserts) broken() error {
	if held == nil {
		return nil
	}
	return held.failed
}
