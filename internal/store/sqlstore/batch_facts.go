package sqlstore

import "roster/internal/directory"

// Writes that hold their company's lock together — a Batch, which takes
// it at its start, and a group of one company's writes (company_commit.go),
// whose first write takes it — see the company change only by their own
// writes until they commit; so do the writes of a SQLite group
// (group_commit.go), which hold the only writer. So what an employee
// write needs to know of the company (employeeWrite) is read by the first
// of them and kept for the others: on PostgreSQL a round trip fewer for
// each write after the first, under the lock; on SQLite a query fewer on
// the writer. What a write may change is taken into account:
//
//   - a write that leaves a reference pending (its target not there yet)
//     adds it to the pending ones (pending_refs.go), so that a later
//     write's employee can resolve it;
//   - a delete, which the guard may hold, makes the next write read them
//     again;
//   - so does a grouped write that failed: rolled back to its savepoint,
//     it may have taken the company's lock there and let it go;
//   - and a grouped write that is no employee write — an administrator's
//     (an attribute's owner, the guard's holds), a Batch — whatever it
//     did.
//
// Within a Batch, an attribute's owners and the guard's holds, which only
// an administrator's change ends, are taken as they were at the first
// write.
//
// The company's attribute definitions, which a write of an employee with
// attribute values checks them against, are kept the same way (read by
// the first write that needs them): changed only by an administrator,
// under the company's lock, and by a write whose value an open list
// admits — which makes the next write read them again. A write checking
// its values read them every time: in a sync of employees with five
// attributes, a seventh of the writer's time.

// batchFacts are the company facts that writes holding their companies'
// locks share (a nil *batchFacts shares nothing): one company's in a Batch
// or a group of one company's writes; on SQLite, every company's its
// committer wrote, kept from group to group for as long as nothing else
// was committed (GroupWatch.Begun) — an operator's companies sync at
// once, each write of a group another company's.
type batchFacts struct {
	known map[string]employeeWrite // by company
	// pendingLimit bounds the pending references' folds kept of a
	// company (pending_refs.go; maxKnownPending where 0).
	pendingLimit int
	// defs are companies' attribute definitions by id, by company;
	// shared, never changed in place.
	defs map[string]map[string]directory.AttributeDef
}

// maxKnownFacts bounds the companies whose facts are kept: beyond it,
// they are read again.
const maxKnownFacts = 10_000

// of returns the facts of the company, if known.
func (f *batchFacts) of(companyID string) (employeeWrite, bool) {
	if f == nil {
		return employeeWrite{}, false
	}
	w, ok := f.known[companyID]
	return w, ok
}

// read keeps the facts of the company, as a write just read them.
func (f *batchFacts) read(companyID string, w employeeWrite) {
	if f == nil {
		return
	}
	if f.known == nil || len(f.known) >= maxKnownFacts {
		f.known = map[string]employeeWrite{}
	}
	f.known[companyID] = w
}

// pendingBound is how many folds of a company's pending references the
// facts keep.
func (f *batchFacts) pendingBound() int {
	if f == nil {
		return maxKnownPending
	}
	return pendingRefs{limit: f.pendingLimit}.bound()
}

// wrote notes what writing e may have changed of its company's facts:
// the references it may have left pending (pending_refs.go), its
// manager perhaps (managerUnsure: left to its insert to resolve).
func (f *batchFacts) wrote(e *directory.Employee, managerUnsure bool) {
	if f == nil {
		return
	}
	if w, ok := f.known[e.CompanyID]; ok {
		w.pending.addOf(e, managerUnsure)
		f.known[e.CompanyID] = w
	}
}

// forget makes the next write of each company read its facts again.
func (f *batchFacts) forget() {
	if f != nil {
		clear(f.known)
		clear(f.defs)
	}
}

// defsOf returns the company's attribute definitions by id, if known.
// The map is shared: the caller must not change it.
func (f *batchFacts) defsOf(companyID string) (map[string]directory.AttributeDef, bool) {
	if f == nil {
		return nil, false
	}
	defs, ok := f.defs[companyID]
	return defs, ok
}

// readDefs keeps the company's attribute definitions, as a write just
// read them.
func (f *batchFacts) readDefs(companyID string, defs map[string]directory.AttributeDef) {
	if f == nil {
		return
	}
	if f.defs == nil || len(f.defs) >= maxKnownFacts {
		f.defs = map[string]map[string]directory.AttributeDef{}
	}
	f.defs[companyID] = defs
}

// admitted notes that a write changed the company's attribute
// definitions (an open list admitted a value): the next write reads them
// again, in its transaction — and so as they are if the write that
// admitted was rolled back.
func (f *batchFacts) admitted(companyID string) {
	if f != nil {
		delete(f.defs, companyID)
	}
}
