package directory

import "context"

// BatchStore runs many employee writes of one company as one transaction,
// for SCIM Bulk (RFC 7644 §3.7). It is part of Store.
type BatchStore interface {
	// Batch calls fn with a Batch whose writes all belong to companyID
	// and commits them together, in one transaction and one sync to
	// disk: far cheaper than committing each on its own.
	//
	// Each call of the Batch is atomic on its own: a call that fails
	// (EConflict, ENotFound, EInvalid …) is rolled back alone and returns
	// its error, and the following calls go on. Nothing is durable, nor
	// visible to other readers, before Batch returns nil: results of the
	// calls must not be acknowledged before then. If Batch returns an
	// error (fn's, the commit's, an unknown company's ENotFound), nothing
	// was written and every call counts as failed.
	//
	// The batch holds the company's writer for its whole run: other
	// writes of the company wait (on SQLite, every write waits). fn must
	// not call the Store's own methods, use the Batch concurrently, nor
	// keep it after it returns.
	Batch(ctx context.Context, companyID string, fn func(b Batch) error) error
}

// batchCallsKey carries WithBatchCalls's number in a context.
type batchCallsKey struct{}

// WithBatchCalls tells BatchStore.Batch, called with the context
// returned, that its fn will make about n calls (a Bulk request's
// operations): the store may read more at the Batch's start of what
// each call would otherwise read for itself.
func WithBatchCalls(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, batchCallsKey{}, n)
}

// BatchCalls is the number of calls WithBatchCalls told ctx; 0 if none.
func BatchCalls(ctx context.Context) int {
	n, _ := ctx.Value(batchCallsKey{}).(int)
	return n
}

// Batch is the company-scoped view of the Store inside BatchStore.Batch.
// Its methods behave as the Store's methods of the same names (references
// resolve, status history and activity are recorded), and each call sees
// the batch's earlier successful calls.
type Batch interface {
	// CreateEmployee is Store.CreateEmployee; an empty e.CompanyID means
	// the batch's company, another company's is EInvalid.
	CreateEmployee(ctx context.Context, e *Employee, by Actor) error
	Employee(ctx context.Context, id string) (Employee, error)
	UpdateEmployee(ctx context.Context, id string, by Actor, fn func(*Employee) error) (Employee, error)
	DeleteEmployee(ctx context.Context, id string, by Actor, check func(*Employee) error) error
}

// DeferringBatch is a Batch that can defer a create's outcome: where the
// store sends statements together (PostgreSQL), the create's statements
// then wait and go with those of the calls after it, or with the commit,
// instead of in a round trip of their own. Elsewhere the create is done
// at once.
type DeferringBatch interface {
	Batch
	// CreateEmployeeDeferred is CreateEmployee whose failure may only be
	// found later: it returns what it finds now, and a failure found
	// later goes to *late (the create then did nothing, alone) — at the
	// latest by the time the next Settle, or BatchStore.Batch, returns.
	// Until then the create counts as done. e's references are stored
	// as CreateEmployee's, but e does not name their targets
	// (Reference.TargetName, TargetEmail stay empty; where the store
	// resolves the manager with the create's insert, so does its
	// TargetID): its caller wants its id and version.
	CreateEmployeeDeferred(ctx context.Context, e *Employee, by Actor, late *error) error
	// Settle finds the outcomes of the deferred creates before it.
	Settle(ctx context.Context) error
}
