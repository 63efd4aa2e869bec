package sqlstore

import "roster/internal/directory"

// A Batch holds its company's lock from its start to its commit, so what
// its writes need to know of the company (employeeWrite) changes only by
// its own calls: it is read by the first write and kept for the others —
// on PostgreSQL a round trip fewer for each operation of a Bulk request
// after the first. What a call may change is taken into account:
//
//   - a write that leaves a reference pending (its target not there yet)
//     makes pendingRefs true, so that a later call's employee can resolve
//     it;
//   - a delete, which the guard may hold and which leaves the references
//     to the deleted employee pending, makes the next write read them
//     again.
//
// An attribute's owners, which only an administrator changes, are those
// of the Batch's start for the whole Batch.

// batchFacts are a Batch's company facts, once read.
type batchFacts struct {
	w     employeeWrite
	known bool
}

// wrote notes what writing e may have changed of the facts.
func (f *batchFacts) wrote(e *directory.Employee) {
	if f.known && leavesPending(e) {
		f.w.pendingRefs = true
	}
}

// deleted notes that a delete may have changed them.
func (f *batchFacts) deleted() { f.known = false }

// leavesPending reports whether a reference of e waits for its target.
func leavesPending(e *directory.Employee) bool {
	if e.Manager.Value != "" && e.Manager.TargetID == "" {
		return true
	}
	for _, v := range e.Attributes {
		if v.Ref.Value != "" && v.Ref.TargetID == "" {
			return true
		}
	}
	return false
}
