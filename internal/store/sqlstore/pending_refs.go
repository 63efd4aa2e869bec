package sqlstore

import (
	"slices"

	"roster/internal/directory"
)

// Pending references, as an employee write knows them. Writing an
// employee resolves the company's pending references that it matches
// (refs.go, resolvePending): a query, and on PostgreSQL a round trip that
// also sends everything queued before it. One reference that never
// resolves — a manager outside the identity provider's assignment, the
// chief executive's board — used to make every create of the company ask
// it, and every update of what references match on: a Bulk of plain
// creates ran at a third of its rate on PostgreSQL. So the write's
// company facts (company_lock.go) hold the folds of the pending values
// themselves, up to maxKnownPending of them, and a write asks only when
// one of its employee's keys is among them.
//
// The folds may hold more than is pending — a write that left a reference
// pending and was then rolled back, a reference resolved since — which
// costs a query, never a resolution. They must never hold less: every
// write that may leave a reference pending adds its folds (batchFacts.wrote),
// and whatever else may (an administrator's write, another process's
// commit) makes the next write read the facts again.

// maxKnownPending bounds the folds a company's facts keep; with more
// pending references, every write asks, as before.
const maxKnownPending = 64

// A Batch's facts, which end with it (batch.go), keep more: a Bulk
// request of an export in no particular order leaves hundreds of
// references pending for the next one — every employee whose manager
// comes later —, a company whose managers are outside the identity
// provider's assignment thousands, and past the bound every create of a
// request looks (on PostgreSQL a round trip and some 150 µs of its CPU;
// on SQLite a statement). Reading a fold costs PostgreSQL about 0.3 µs
// (9,000 in 2.6 ms): a Batch keeps minBatchPending, and pendingPerCall
// for each call it expects (directory.WithBatchCalls), up to
// maxBatchPending. (A Bulk request of 1,000 creates in a company with
// 9,000 references pending for good: 2,880 creates/s keeping 1,000,
// 9,480 keeping 10,000; requests of 10 keeping 10,000: 1,149 against
// 1,641.)
const (
	minBatchPending = 1000
	pendingPerCall  = 10
	maxBatchPending = 10_000
)

// batchPendingLimit is how many pending folds a Batch of about calls
// calls keeps.
func batchPendingLimit(calls int) int {
	return min(max(minBatchPending, pendingPerCall*calls), maxBatchPending)
}

// What makes a reference pending (it names someone no employee matches
// yet), on an employee's manager and on an attribute value (alias v): the
// rows the partial indexes employees_manager_pending and
// employee_attribute_values_pending hold (migration 0002).
const (
	pendingManagerSQL = `manager_id IS NULL AND manager_value_fold IS NOT NULL`
	pendingValueSQL   = `v.ref_target_id IS NULL AND v.ref_fold IS NOT NULL`
)

// pendingFoldsSQL reads the folds of the company's pending references'
// values, at most its last argument of them (the facts' bound plus one):
// a seek in each partial index.
var pendingFoldsSQL = `SELECT manager_value_fold FROM employees WHERE company_id = ? AND ` + pendingManagerSQL + `
	UNION ALL SELECT v.ref_fold FROM employee_attribute_values v WHERE v.company_id = ? AND ` + pendingValueSQL + `
	LIMIT ?`

// pendingRefs is what a write knows of its company's pending references.
type pendingRefs struct {
	// limit bounds folds (maxKnownPending where 0).
	limit int
	// some is set when a reference of the company may be pending.
	some bool
	// folds are the folds of their values, where all are known (nil
	// where there are too many: any employee may match one).
	folds map[string]bool
	// unsure are the folds of the managers a Batch's creates left to
	// their inserts to resolve (employeeInsertResolving): pending or
	// not, the write does not know. Not bounded by maxKnownPending — a
	// Bulk request's creates, each naming a manager created before it,
	// would pass it and make every create look — but by the Batch's
	// creates: a Batch's facts end with it.
	unsure map[string]bool
}

// readPendingRefs reads p, bounded by limit, from rows of pendingFoldsSQL
// limited to limit+1. Its limit counts references, not folds — several
// employees may name one manager — so the folds are all known only where
// it cut none off: no more rows than limit.
func readPendingRefs(rows Rows, limit int) (pendingRefs, error) {
	p := pendingRefs{limit: limit, folds: map[string]bool{}}
	read := 0
	for rows.Next() {
		var fold string
		if err := rows.Scan(&fold); err != nil {
			return pendingRefs{}, err
		}
		p.add(fold)
		read++
	}
	if read > p.bound() {
		p.folds = nil
	}
	return p, rows.Err()
}

// bound is how many folds p keeps.
func (p pendingRefs) bound() int {
	if p.limit == 0 {
		return maxKnownPending
	}
	return p.limit
}

// add notes a pending reference of that fold.
func (p *pendingRefs) add(fold string) {
	p.some = true
	if p.folds == nil {
		return
	}
	p.folds[fold] = true
	if len(p.folds) > p.bound() {
		p.folds = nil
	}
}

// addOf notes e's own pending references, if any; managerUnsure says
// that e's manager was left to its insert to resolve.
func (p *pendingRefs) addOf(e *directory.Employee, managerUnsure bool) {
	pendingFolds(e, func(fold string, manager bool) {
		if !manager || !managerUnsure {
			p.add(fold)
			return
		}
		if p.unsure == nil {
			p.unsure = map[string]bool{}
		}
		p.unsure[fold] = true
	})
}

// pendingFolds calls fn with the fold of each of e's references that is
// pending (its target not known), manager set for its manager's.
func pendingFolds(e *directory.Employee, fn func(fold string, manager bool)) {
	if e.Manager.Value != "" && e.Manager.TargetID == "" {
		fn(Fold(e.Manager.Value), true)
	}
	for _, v := range e.Attributes {
		if v.Ref.Value != "" && v.Ref.TargetID == "" {
			fn(Fold(v.Ref.Value), false)
		}
	}
}

// mayMatch reports whether a pending reference may name e: whether a
// write of e must look for them.
func (p pendingRefs) mayMatch(e *directory.Employee) bool {
	switch {
	case !p.some && len(p.unsure) == 0:
		return false
	case p.some && p.folds == nil:
		return true
	}
	for _, key := range matchKeys(e) {
		if p.folds[key] || p.unsure[key] {
			return true
		}
	}
	return false
}

// matchKeys are the folds of what a reference may name e by: its id,
// userName, emails and externalIds (see resolveSQL), each once — a work
// email is often the userName.
func matchKeys(e *directory.Employee) []string {
	keys := make([]string, 0, 2+len(e.Emails)+len(e.ExternalIDs))
	add := func(value string) {
		if k := Fold(value); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	add(e.ID)
	add(e.UserName)
	for _, m := range e.Emails {
		add(m.Value)
	}
	for _, x := range e.ExternalIDs {
		add(x.Value)
	}
	return keys
}

// PendingFoldsQuery is the read of a company's pending references' folds
// (two company ids and the limit) for d, exported so that backends can
// check its plan.
func PendingFoldsQuery(d Dialect) string { return rebind(d, pendingFoldsSQL) }

// PendingReferrersQuery is pendingReferrersSQL for d, exported so that
// backends can check its plan.
func PendingReferrersQuery(d Dialect, keys int) string { return rebind(d, pendingReferrersSQL(keys)) }
