package sqlstore

import (
	"context"
	"errors"
	"slices"
)

// Pipelined writes that are all inserts, sent as a few multi-row INSERTs.
//
// A Bulk request's deferred creates (batch.go) go to PostgreSQL a
// hundred at a time, each as its own statements — the employee's row,
// its emails, its status change, its activity-log entry — and its own
// savepoint (RELEASE, SAVEPOINT): six statements a create, each an
// executor for PostgreSQL to set up, and a subtransaction each. When
// finished writes of a pipeline (pipelined_writes.go) follow one another
// with statements of the same shape — mergeable INSERTs of the same
// tables and columns in the same order, then the savepoint's release
// and the next — they are sent as one: each INSERT of theirs merged with
// its fellows into multi-row INSERTs (merged_inserts.go), in the writes'
// order, then one release and one savepoint.
//
//   - What the database holds after them is what the writes one by one
//     leave: the same rows, inserted in the same order within each table.
//     Only rows of different tables are inserted in another order (every
//     write's employees before any write's emails), which no statement
//     of the run reads: the writes merged here are creates of different
//     employees, whose rows name none of the others'. (Their tables' own
//     foreign keys are gone since migration 0029; a check that failed
//     would send the run again unmerged, below.)
//   - An employee's INSERT that resolves its manager inside itself
//     (Statement.Resolves) is no plain INSERT: merged as others are, it
//     would be one statement holding all their resolutions, which
//     PostgreSQL plans anew each time (a Bulk of such creates measured
//     slower than unmerged). A run's are merged with their resolutions
//     in one correlated query instead (merged_resolving.go), in the
//     writes' order — before the run's other rows, all of which are
//     merged. A row's resolution would not see another write's emails or
//     external ids there, so a run takes no write whose resolution may
//     name an employee of a write before it in the run (Statement.Names).
//   - A merged statement that fails is no single write's: the savepoint
//     in place before the run (the write before it set it) is rolled back
//     to, and the writes' own statements are sent again, unmerged, so
//     that a failure is blamed on its write as before
//     (pipelined_writes.go). A failure costs two round trips more (the
//     rollback, and the statements again); a Bulk request without one
//     saves most of its statements.

// mergedRun is where merge merged writes: their statements were
// statements[from:to], and are send[from:sentTo] of what is sent.
type mergedRun struct{ from, to, sentTo int }

// merged reports whether writes were merged.
func (r mergedRun) merged() bool { return r.to > r.from }

// original is the index in the statements merged of the statement sent
// at i, and false when that is a merged one (no single statement's).
func (r mergedRun) original(i int) (int, bool) {
	switch {
	case !r.merged() || i < r.from:
		return i, true
	case i >= r.sentTo:
		return i - r.sentTo + r.to, true
	}
	return 0, false
}

// leastMergedWrites is the shortest run worth merging.
const leastMergedWrites = 2

// merge returns what to send for statements, the queue of p: statements
// with the longest run of p's finished writes of one shape merged (see
// above), and where the run is; statements themselves when none is.
func (p *pipeline) merge(statements []Statement) ([]Statement, mergedRun) {
	if len(p.writes) < leastMergedWrites {
		return statements, mergedRun{}
	}
	var best, cur struct{ first, n int }
	var bestShape, prev []insertShape
	named := map[string]bool{} // what names the employees of the run
	for k := range p.writes {
		shape, ok := p.writeShape(statements, k)
		own := p.writeStatements(statements, k)
		switch {
		case !ok:
			cur.n = 0
		case cur.n > 0 && slices.Equal(shape, prev) && !resolvesAny(own, named):
			cur.n++
		default:
			cur.first, cur.n = k, 1
			clear(named)
		}
		nameAll(own, named)
		prev = shape
		if cur.n > best.n {
			best, bestShape = cur, shape
		}
	}
	if best.n < leastMergedWrites {
		return statements, mergedRun{}
	}
	from := p.writes[best.first].start
	to := p.writeEnd(statements, best.first+best.n-1)
	// A new list: statements stay as they are, to be sent again unmerged.
	send := slices.Clip(statements[:from])
	column := make([]Statement, best.n)
	for i, shape := range bestShape {
		for j := range column {
			column[j] = statements[p.writes[best.first+j].start+i]
		}
		if shape.whole {
			send = append(send, mergeResolving(column)...) // merged_resolving.go
			continue
		}
		send = append(send, mergeInserts(shape, column)...)
	}
	send = append(send, statements[to-2:to]...) // the release, and the next savepoint
	run := mergedRun{from: from, to: to, sentTo: len(send)}
	return append(send, statements[to:]...), run
}

// resolvesAny reports whether one of statements resolves a value that
// may name an employee of named (Statement.Resolves).
func resolvesAny(statements []Statement, named map[string]bool) bool {
	for _, st := range statements {
		if st.Resolves != "" && named[st.Resolves] {
			return true
		}
	}
	return false
}

// nameAll adds to named what names the employees statements insert.
func nameAll(statements []Statement, named map[string]bool) {
	for _, st := range statements {
		for _, n := range st.Names {
			named[n] = true
		}
	}
}

// writeStatements are the statements of p's k-th write.
func (p *pipeline) writeStatements(statements []Statement, k int) []Statement {
	return statements[p.writes[k].start:p.writeEnd(statements, k)]
}

// writeEnd is where the statements of p's k-th write end.
func (p *pipeline) writeEnd(statements []Statement, k int) int {
	if k+1 < len(p.writes) {
		return p.writes[k+1].start
	}
	return len(statements)
}

// writeShape is the shape of the k-th write's statements when they can
// be merged with others' (see above): the shape of each INSERT.
func (p *pipeline) writeShape(statements []Statement, k int) ([]insertShape, bool) {
	w := p.writes[k]
	if w.failed == nil || p.running && k == len(p.writes)-1 {
		return nil, false // no write's (COMMIT), or not finished
	}
	own := p.writeStatements(statements, k)
	if len(own) < 3 || own[len(own)-2].Query != "RELEASE SAVEPOINT "+p.savepoint || own[len(own)-1].Query != "SAVEPOINT "+p.savepoint {
		return nil, false
	}
	shapes := make([]insertShape, 0, len(own)-2)
	for _, st := range own[:len(own)-2] {
		if st.Resolves != "" && st.Read == nil {
			shapes = append(shapes, insertShape{head: st.Query, whole: true})
			continue
		}
		shape, _, ok := mergeableInsert(st)
		if !ok {
			return nil, false
		}
		shapes = append(shapes, shape)
	}
	return shapes, true
}

// unmerge handles err, the failure of send, what merge made of statements
// with run merged: when a merged statement failed, it rolls back to the
// run's savepoint and returns what to send instead — the run's
// statements unmerged, with what followed — and true. Otherwise it
// returns err as the failure of statements (its index theirs), and false.
func (h handle) unmerge(ctx context.Context, statements []Statement, run mergedRun, err error) (again []Statement, undone bool, _ error) {
	var failed *StatementFailed
	if !run.merged() || !errors.As(err, &failed) {
		return nil, false, err
	}
	if i, own := run.original(failed.Index); own {
		return nil, false, &StatementFailed{Index: i, Err: failed.Err}
	}
	if rerr := h.rollbackPipelined(ctx); rerr != nil {
		return nil, false, rerr
	}
	h.queue.pipe.resendFrom(run.from)
	return statements[run.from:], true, nil
}

// resendFrom makes the writes whose statements begin at from or later
// start from 0 (they are sent again); the writes before them ran and are
// forgotten.
func (p *pipeline) resendFrom(from int) {
	kept := p.writes[:0]
	for _, w := range p.writes {
		if w.start >= from {
			w.start -= from
			kept = append(kept, w)
		}
	}
	p.writes = kept
}
