package sqlstore

import (
	"context"
	"slices"

	"roster/internal/directory"
)

// Reads that pass what a SQLite Batch holds (held_inserts.go). Any read
// sends the held rows first, so that the transaction reads what it
// wrote — and so a Bulk request's creates that each name a manager,
// whose resolution is a read, sent their rows one create at a time,
// unmerged: such a Bulk ran at about half a plain one's rate. A
// manager's resolution reads the employees, their emails and their
// external ids by the value the reference names. Held rows can change
// its answer only where they are of an employee that value may name —
// by its id, userName, an email or an externalId: so the Batch notes,
// for the employees whose rows it holds, the folds of those (named), and
// a resolution whose value folds to none of them runs before the held
// rows. A fold is a superset of exact matches (ids, externalIds), so
// none is missed; an employee noted whose rows were dropped (its create
// failed) costs a release, nothing else.
//
// A look for the pending references an employee resolves (refs.go's
// findReferrers) is such a read too: held rows change its answer only
// where they are of an employee whose reference is pending on one of
// the keys looked for. The Batch notes those folds as well (pending),
// and a look for none of them runs before the held rows. Where more
// references are pending than a write keeps (pending_refs.go), every
// create of a Bulk request looks — and each look sent the held rows.

// noteHeld notes that rows of e may be held (the call that wrote e
// holds them): a read by a value naming e, or a look for references e
// left pending, must send them first.
func (h handle) noteHeld(e *directory.Employee) {
	held := h.held
	if held == nil {
		return
	}
	if held.named == nil {
		held.named, held.pending = map[string]bool{}, map[string]bool{}
	}
	for _, k := range matchKeys(e) { // pending_refs.go
		held.named[k] = true
	}
	pendingFolds(e, func(fold string, _ bool) { held.pending[fold] = true })
}

// lookByKeys is queryLater for a look for the pending references whose
// values fold to one of keys: where no held row's employee left one of
// them pending, it runs before the held rows.
func (h handle) lookByKeys(ctx context.Context, keys []string, read func(Rows) error, query string, args ...any) error {
	if h.heldUnchanging(func(held *heldInserts) bool {
		return slices.ContainsFunc(keys, func(k string) bool { return held.pending[k] })
	}) {
		return h.readBeforeHeld(ctx, read, query, args...)
	}
	return h.queryLater(ctx, read, query, args...)
}

// queryByValue is queryWith for a read of employees by what value
// names (resolveSQL): where no held row is of an employee value may
// name, it runs before them.
func (h handle) queryByValue(ctx context.Context, value string, read func(Rows) error, query string, args ...any) error {
	if h.heldUnchanging(func(held *heldInserts) bool { return held.named[Fold(value)] }) {
		return h.readBeforeHeld(ctx, read, query, args...)
	}
	return h.queryWith(ctx, read, query, args...)
}

// heldUnchanging reports whether h holds rows and none of them changes a
// read's answer, which changes says of what is held.
func (h handle) heldUnchanging(changes func(*heldInserts) bool) bool {
	held := h.held
	return held != nil && held.failed == nil && len(held.statements) > 0 && !changes(held)
}

// readBeforeHeld runs a read at once, before the rows h holds.
func (h handle) readBeforeHeld(ctx context.Context, read func(Rows) error, query string, args ...any) error {
	rows, err := h.queryRaw(h.statementContext(ctx), query, args...)
	return readRows(rows, err, read) // later.go
}
