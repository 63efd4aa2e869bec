package sqlstore

import (
	"context"
	"fmt"
	"reflect"

	"roster/internal/directory"
)

// The employees SQLite's committer wrote. An identity provider updates
// an employee right after creating it (Entra's sync: a POST, then a PATCH
// of the same user), and an update first reads its employee with every
// detail — on the one writer the sync waits for, a sixth of its time.
// The committer, which wrote that employee, knows what it stored: it
// keeps each employee its writes stored, as the update's read would
// return it, for as long as nothing else can have changed it:
//
//   - nothing was committed between its groups but its own commits
//     (GroupWatch.Begun, as the company facts: batch_facts.go) — the CLI
//     or another process writing the file makes it forget them all;
//   - the group it wrote them in committed (a failed group forgets);
//   - every write since was an employee's create or update that
//     succeeded, or changed no employee (writeLeavingFacts): a failed
//     write, a delete (which clears others' references, or which the
//     guard holds), an administrator's write and a Bulk request make it
//     forget them all; a reference resolved or cleared, the employee
//     whose reference it is (refs.go).
//
// An update that finds its employee here reads nothing; one that does not
// reads it as before. In a test binary each answer is checked against
// the database (checkWritten), so that what is kept cannot drift from
// what is stored. PostgreSQL's committers, per company, have no such
// watch; neither does a Batch: there each update reads its employee.

// writtenEmployees are the employees a committer's writes stored, by id
// (a nil *writtenEmployees keeps nothing).
type writtenEmployees struct {
	known map[string]writtenEmployee
}

type writtenEmployee struct {
	e   directory.Employee
	seq int64
}

// maxWritten bounds the employees kept (a few KB each): past it, they
// are forgotten and the next updates read theirs. A sync's update
// follows its create by the writes of its clients' other requests in
// flight, a few dozen.
const maxWritten = 256

// of returns a copy of the company's employee as the committer stored it,
// and its seq, if kept.
func (w *writtenEmployees) of(companyID, id string) (directory.Employee, int64, bool) {
	if w == nil {
		return directory.Employee{}, 0, false
	}
	k, ok := w.known[id]
	if !ok || k.e.CompanyID != companyID {
		return directory.Employee{}, 0, false
	}
	return k.e.Copy(), k.seq, true
}

// wrote keeps e, just stored at seq, as a read of it would return it.
func (w *writtenEmployees) wrote(e *directory.Employee, seq int64) {
	if w == nil {
		return
	}
	if w.known == nil || len(w.known) >= maxWritten {
		w.known = make(map[string]writtenEmployee, 64)
	}
	stored := e.Copy()
	// As the store reads it: the unattributed externalId, its writers
	// without their requests (the activity log's), its references
	// undescribed (loadForUpdate describes them for each answer).
	stored.SeenBy("")
	stored.LastWriter.Request = nil
	for k, p := range stored.Provenance {
		p.Request = nil
		stored.Provenance[k] = p
	}
	stored.Manager.TargetName, stored.Manager.TargetEmail = "", ""
	for k, v := range stored.Attributes {
		v.Ref.TargetName, v.Ref.TargetEmail = "", ""
		stored.Attributes[k] = v
	}
	w.known[e.ID] = writtenEmployee{e: stored, seq: seq}
}

// forget makes every update read its employee again.
func (w *writtenEmployees) forget() {
	if w != nil {
		clear(w.known)
	}
}

// forgetEmployee makes the next update of the employee id read it again:
// a write changed it that is not its own (a reference of it resolved or
// cleared).
func (w *writtenEmployees) forgetEmployee(id string) {
	if w != nil {
		delete(w.known, id)
	}
}

// loadForUpdate is an update's read of its employee (loadEmployeeRow,
// for update): from the committer's written employees where kept.
func (s *Store) loadForUpdate(ctx context.Context, tx handle, companyID, id string, held bool) (directory.Employee, int64, error) {
	if !held {
		if e, seq, ok := tx.written.of(companyID, id); ok {
			// Its references' targets described as now (their names
			// may have changed since), as the read describes them; no
			// statement when it has none.
			list := []directory.Employee{e}
			if err := s.fillTargets(ctx, tx, list); err != nil {
				return directory.Employee{}, 0, err
			}
			e = list[0]
			if checkWritten() {
				s.checkWrittenEmployee(ctx, tx, e, seq)
			}
			return e, seq, nil
		}
	}
	return s.loadEmployeeRow(ctx, tx, companyID, id, true, held)
}

// CheckWrittenEmployees, where set and true, has every update that takes
// its employee from the committer's written employees check it against
// the database first (checkWrittenEmployee), panicking on a difference.
// Test binaries set it (storetest.CheckWrittenEmployees); roster never
// does, so the check costs it nothing.
var CheckWrittenEmployees func() bool

// checkWritten reports whether kept employees are checked.
func checkWritten() bool {
	return CheckWrittenEmployees != nil && CheckWrittenEmployees()
}

// checkWrittenEmployee panics when e, a kept employee, is not what the
// database holds: a write changed it without the committer knowing.
func (s *Store) checkWrittenEmployee(ctx context.Context, tx handle, e directory.Employee, seq int64) {
	// The check is none of the store's statements, which tests count;
	// the writer runs nothing else meanwhile.
	counted := tx.p.statements.Load()
	defer func() { tx.p.statements.Store(counted) }()
	stored, storedSeq, err := s.loadEmployeeRow(ctx, tx, e.CompanyID, e.ID, true, false)
	if err != nil {
		panic(fmt.Sprintf("written employee %s: reading it back: %v", e.ID, err))
	}
	if storedSeq != seq {
		panic(fmt.Sprintf("written employee %s: kept at seq %d, stored at %d", e.ID, seq, storedSeq))
	}
	kept, read := reflect.ValueOf(normalEmployee(e)), reflect.ValueOf(normalEmployee(stored))
	for i := range kept.NumField() {
		if k, r := kept.Field(i).Interface(), read.Field(i).Interface(); !reflect.DeepEqual(k, r) {
			panic(fmt.Sprintf("written employee %s: %s kept as %+v, stored as %+v", e.ID, kept.Type().Field(i).Name, k, r))
		}
	}
}

// normalEmployee is e with its empty lists and maps nil, which a read
// may return either way.
func normalEmployee(e directory.Employee) directory.Employee {
	v := reflect.ValueOf(&e).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.Len() == 0 {
			f.Set(reflect.Zero(f.Type()))
		}
	}
	return e
}
