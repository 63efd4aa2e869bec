package sqlite

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"roster/internal/directory"
)

// A Batch's employee inserts run before the rows held for earlier
// creates (sqlstore's held_inserts.go): only sound while no trigger on an
// insert into employees could read them.
func TestNoTriggerOnEmployeeInserts(t *testing.T) {
	s := openTest(t)
	var names []string
	rows, err := s.w.QueryContext(t.Context(), `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'employees' AND sql LIKE '%INSERT ON employees%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if len(names) > 0 {
		t.Errorf("triggers on inserts into employees: %v; a Batch's held rows (held_inserts.go) must then be sent before an employee's insert", names)
	}
}

// What a Batch's calls read is what the calls before them wrote, their
// held rows included — a create's reference resolved by an email written
// by the create before it, in no savepoint of its own —; and the rows
// of each table are stored in the order written (the activity log's ids
// follow the calls).
func TestHeldRowsReadInTheirBatch(t *testing.T) {
	s := openTest(t)
	c := newCompany(t, s)
	ctx := t.Context()
	ada, bob, cy := batchCreate(c.ID, "ada@example.com"), batchCreate(c.ID, "bob@example.com"), batchCreate(c.ID, "cy@example.com")
	bob.Emails = []directory.Email{{Value: "robert@example.com"}}
	cy.Manager = directory.Reference{Value: "robert@example.com"}
	err := s.Batch(ctx, c.ID, func(b directory.Batch) error {
		if err := b.CreateEmployee(ctx, ada, directory.Actor{}); err != nil {
			return err
		}
		read, err := b.Employee(ctx, ada.ID)
		if err != nil {
			return err
		}
		if len(read.Emails) != 1 || read.Emails[0].Value != "ada@example.com" {
			t.Errorf("ada's emails read in the batch: %+v", read.Emails)
		}
		if _, err := b.UpdateEmployee(ctx, ada.ID, directory.Actor{}, func(e *directory.Employee) error {
			e.Emails = []directory.Email{{Value: "ada@home.example", Primary: true}}
			return nil
		}); err != nil {
			return err
		}
		if err := b.CreateEmployee(ctx, bob, directory.Actor{}); err != nil {
			return err
		}
		return b.CreateEmployee(ctx, cy, directory.Actor{})
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Employee(ctx, c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Emails) != 1 || got.Emails[0].Value != "ada@home.example" {
		t.Errorf("ada's emails after the batch: %+v", got.Emails)
	}
	if got, err := s.Employee(ctx, c.ID, cy.ID); err != nil || got.Manager.TargetID != bob.ID {
		t.Errorf("cy's manager %+v (%v); want bob, found by the email his create wrote", got.Manager, err)
	}
	entries, _, err := s.ActivityLog(ctx, c.ID, directory.ActivityQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(entries, func(a, b directory.LogEntry) int { return int(a.ID - b.ID) })
	var order []string
	for _, e := range entries {
		order = append(order, e.Operation+" "+e.UserName)
	}
	want := []string{directory.OpCreate + " ada@example.com", directory.OpUpdate + " ada@example.com", directory.OpCreate + " bob@example.com", directory.OpCreate + " cy@example.com"}
	if !slices.Equal(order, want) {
		t.Errorf("log entries by id: %q; want %q", order, want)
	}
	var statusChanges int
	if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM status_changes`).Scan(&statusChanges); err != nil || statusChanges != 3 {
		t.Errorf("%d status changes (%v); want 3", statusChanges, err)
	}
}

// A deferred create's employee is held with its rows: a run of them is
// inserted many to a statement, a userName taken among them fails alone
// (told late, or by the call itself when its own statement sends them),
// and the others are stored whole.
func TestDeferredCreatesHeld(t *testing.T) {
	s := openTest(t)
	c := newCompany(t, s)
	ctx := t.Context()
	// A pending reference makes every create read (resolving it), which
	// sends what is held from inside the create.
	waiting := batchCreate(c.ID, "waiting@example.com")
	waiting.Manager = directory.Reference{Value: "nobody@example.com"}
	for _, e := range []*directory.Employee{batchCreate(c.ID, "taken@example.com"), waiting} {
		if err := s.CreateEmployee(ctx, e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"a@example.com", "TAKEN@example.com", "b@example.com", "b@example.com"}
	now, late := make([]error, len(names)), make([]error, len(names))
	err := s.Batch(ctx, c.ID, func(b directory.Batch) error {
		db := b.(directory.DeferringBatch)
		for i, name := range names {
			now[i] = db.CreateEmployeeDeferred(ctx, batchCreate(c.ID, name), directory.Actor{}, &late[i])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range names {
		outcome := errors.Join(now[i], late[i])
		if taken := i == 1 || i == 3; taken != (directory.ErrorCode(outcome) == directory.EConflict) {
			t.Errorf("%s: %v", name, outcome)
		}
	}
	list, total, err := s.Employees(ctx, c.ID, directory.EmployeeQuery{Limit: 10})
	if err != nil || total != 4 {
		t.Fatalf("%d employees (%v); want 4", total, err)
	}
	for _, e := range list {
		if len(e.Emails) != 1 || e.Emails[0].Value != e.UserName {
			t.Errorf("%s stored with emails %+v", e.UserName, e.Emails)
		}
	}
	var statusChanges, entries int
	if err := s.w.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM status_changes), (SELECT COUNT(*) FROM activity_log)`).Scan(&statusChanges, &entries); err != nil || statusChanges != 4 || entries != 4 {
		t.Errorf("%d status changes and %d log entries (%v); want 4 each: the failed creates' none", statusChanges, entries, err)
	}

	// Without reads between them, 64 deferred creates' employees go in
	// one statement.
	s2 := openTest(t)
	c2 := newCompany(t, s2)
	statements := func(n int) int64 {
		return batchStatements(t, s2, c2.ID, func(b directory.Batch) error {
			db := b.(directory.DeferringBatch)
			for range n {
				var late error
				if err := db.CreateEmployeeDeferred(ctx, batchCreate(c2.ID, directory.NewID()+"@example.com"), directory.Actor{}, &late); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if one, many := statements(1), statements(64); many != one {
		t.Errorf("64 deferred creates ran %d statements, one %d; want as many", many, one)
	}
}

// Where more references are pending than a Batch keeps the values of
// (sqlstore's minBatchPending, 1,000, told no size), every create of a Bulk request
// looks for those it may resolve; a look for values none of the held
// creates left pending runs before their rows (held_reads.go), so 64
// deferred creates naming nothing still go as one create's statements
// and 63 employees' — as many as in a company without a pending
// reference — and a look for one they left pending sends them first.
func TestHeldRowsPassedByLooksForOthersReferences(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	plain, waiting := newCompany(t, s), newCompany(t, s)
	err := s.Batch(ctx, waiting.ID, func(b directory.Batch) error {
		for i := range 1500 {
			e := batchCreate(waiting.ID, fmt.Sprintf("w%d@example.com", i))
			e.Manager.Value = fmt.Sprintf("boss%d@example.com", i)
			if err := b.CreateEmployee(ctx, e, directory.Actor{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	statements := func(c directory.Company) int64 {
		return batchStatements(t, s, c.ID, func(b directory.Batch) error {
			db := b.(directory.DeferringBatch)
			for range 64 {
				var late error
				if err := db.CreateEmployeeDeferred(ctx, batchCreate(c.ID, directory.NewID()+"@example.com"), directory.Actor{}, &late); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// A look each (64), and a few of the store's own work beside them at
	// times; the looks sending the held rows ran 338 against 22.
	if none, many := statements(plain), statements(waiting); many > none+64+16 {
		t.Errorf("64 deferred creates ran %d statements with 1,500 references pending, %d with none; want a look each at most, no release", many, none)
	}
	// A create the held ones left pending sends them first, and resolves
	// them.
	var ada, bob directory.Employee
	err = s.Batch(ctx, waiting.ID, func(b directory.Batch) error {
		db := b.(directory.DeferringBatch)
		var late error
		ada = *batchCreate(waiting.ID, "ada@example.com")
		ada.Manager.Value = "bob@example.com"
		if err := db.CreateEmployeeDeferred(ctx, &ada, directory.Actor{}, &late); err != nil {
			return err
		}
		bob = *batchCreate(waiting.ID, "bob@example.com")
		return db.CreateEmployeeDeferred(ctx, &bob, directory.Actor{}, &late)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Employee(ctx, waiting.ID, ada.ID); err != nil || got.Manager.TargetID != bob.ID {
		t.Errorf("ada's manager %+v (%v); want bob, %s", got.Manager, err, bob.ID)
	}
}
