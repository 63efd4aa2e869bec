package httpapi

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"roster/internal/directory"
	"roster/internal/scim/bulk"
	"roster/internal/userdoc"
)

// bulkRun runs a Bulk request's operations in one batch: their results,
// the refusals to log, and the creates whose outcome the store tells
// later.
//
// A create read ahead (bulk_prepare.go) is deferred where the batch can
// defer it (directory.DeferringBatch: PostgreSQL) and the request sets no
// failOnErrors: its statements wait, and go to the database with those
// of the creates after it — sent ahead a hundred at a time by the store,
// before any other kind of operation, or with the commit — in one round
// trip instead of one each. A deferred create that fails — a userName
// taken, found only by the database — fails alone, and its result is
// rewritten once its failure is known: before any other operation runs
// (settle), which covers the operations that name it by bulkId, or after
// the commit (settled). With failOnErrors the batch must know each failure before
// the next operation, so nothing is deferred.
type bulkRun struct {
	s       *Server
	ctx     context.Context
	base    string
	ops     []bulk.Operation
	results []bulkResult
	refused []directory.LogEntry
	created map[string]string // bulkId → employee id
	failed  map[string]bool   // bulkIds whose POST failed
	// deferred are the creates whose outcome is not known yet.
	deferred []*deferredCreate
}

func newBulkRun(ctx context.Context, s *Server, base string, ops []bulk.Operation) *bulkRun {
	return &bulkRun{s: s, ctx: ctx, base: base, ops: ops, created: map[string]string{}, failed: map[string]bool{}}
}

// deferredCreate is a create whose failure, if any, comes in late.
type deferredCreate struct {
	result int // in results
	op     bulk.Operation
	ctx    context.Context // the operation's, with its note
	late   error
}

// run executes the operations in dependency order. It stops once failOn
// (if non-zero) operations have failed; its error is the batch's.
func (r *bulkRun) run(wr batchWriter, plan bulkPlan, failOn int) error {
	request := noteOf(r.ctx)
	deferring, _ := wr.b.(directory.DeferringBatch) // nil: nothing is deferred
	if failOn > 0 {
		deferring = nil
	}
	errorsSeen := 0
	for _, i := range plan.order {
		op := r.ops[i]
		res := bulkResult{Method: strings.ToUpper(op.Method), BulkID: op.BulkID}
		// Each operation is logged on its own, as part of the request.
		note := &activityNote{companyID: request.companyID, connectionID: request.connectionID, client: request.client, bulk: true}
		ctx := withNote(r.ctx, note)
		var err error
		if why, ok := plan.invalid[i]; ok {
			err = why
		} else {
			var e *directory.Employee
			if read := plan.createdAt(i); read != nil && deferring != nil {
				e, err = r.deferCreate(ctx, deferring, op, *read)
			} else {
				if err := r.settle(deferring); err != nil {
					return err
				}
				e, err = r.s.runBulkOperation(ctx, wr, op, read, r.created, r.failed)
			}
			if e != nil {
				res.Location = r.base + "/Users/" + e.ID
				if e.Version > 0 {
					res.Version = userdoc.ETag(e.Version)
				}
				if op.BulkID != "" {
					r.created[op.BulkID] = e.ID
				}
			}
			if err == nil {
				res.Status = strconv.Itoa(bulkSuccessStatus(res.Method))
			}
		}
		if err != nil {
			r.fail(ctx, op, &res, err)
			errorsSeen++
		}
		r.results = append(r.results, res)
		if failOn > 0 && errorsSeen >= failOn {
			if rest := plan.order[len(r.results):]; len(rest) > 0 {
				res.Response.Detail += fmt.Sprintf(" (failOnErrors=%d reached: %d more operations were not processed: %s)", failOn, len(rest), describeOps(r.ops, rest))
			}
			break
		}
	}
	return nil
}

// deferCreate stores the create read ahead for op, deferred; its result
// will be the next of results.
func (r *bulkRun) deferCreate(ctx context.Context, b directory.DeferringBatch, op bulk.Operation, read newCreate) (*directory.Employee, error) {
	d := &deferredCreate{result: len(r.results), op: op, ctx: ctx}
	e, err := r.s.createNewBy(ctx, read, func(e *directory.Employee) error {
		return b.CreateEmployeeDeferred(ctx, e, actor(ctx), &d.late)
	})
	if err == nil {
		r.deferred = append(r.deferred, d)
	}
	return e, err
}

// settle finds the outcomes of the deferred creates (none without b).
func (r *bulkRun) settle(b directory.DeferringBatch) error {
	if len(r.deferred) == 0 {
		return nil
	}
	if err := b.Settle(r.ctx); err != nil {
		return err
	}
	r.settled()
	return nil
}

// settled rewrites the results of the deferred creates that failed.
func (r *bulkRun) settled() {
	for _, d := range r.deferred {
		if d.late != nil {
			r.fail(d.ctx, d.op, &r.results[d.result], d.late)
		}
	}
	r.deferred = nil
}

// fail makes res the failure err of op, whose bulkId, if any, then names
// no employee.
func (r *bulkRun) fail(ctx context.Context, op bulk.Operation, res *bulkResult, err error) {
	if op.BulkID != "" {
		r.failed[op.BulkID] = true
		delete(r.created, op.BulkID)
	}
	res.Location, res.Version = "", ""
	res.Status, res.Response = r.s.bulkError(ctx, err)
	r.refused = append(r.refused, r.s.bulkRefusal(ctx, noteOf(ctx), op, *res))
}
