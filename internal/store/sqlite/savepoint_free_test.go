package sqlite

import (
	"fmt"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/storetest"
)

// A Batch's creates set no savepoints on SQLite (sqlstore's
// savepoint_free.go): a create runs its employee's insert and no other
// statement of its own — its other rows are held and inserted with the
// other creates', many to a statement (held_inserts.go) —, a failure
// before it wrote is its own (the shared suite's batch tests), and one
// that leaves something it cannot undo alone fails the whole batch with
// nothing of it stored.

// batchCreate returns a create of an employee named name with an email,
// for a Batch.
func batchCreate(companyID, name string) *directory.Employee {
	return &directory.Employee{ID: directory.NewID(), CompanyID: companyID, UserName: name, Active: true,
		Emails: []directory.Email{{Value: name, Primary: true}}}
}

// batchStatements runs a Batch of the company that fn fills, three
// times, and returns the fewest statements one ran, its catch-up's
// included (a write after it waits for the catch-up, and counts the same
// for every Batch): what the store runs beside it at times (a checkpoint,
// the usage counts' commit) only ever adds to a count.
func batchStatements(t *testing.T, s *Store, companyID string, fn func(b directory.Batch) error) int64 {
	t.Helper()
	fewest := int64(-1)
	storetest.WaitCaughtUp(t, s)
	for range 3 {
		before := s.Statements()
		if err := s.Batch(t.Context(), companyID, fn); err != nil {
			t.Fatal(err)
		}
		newCompany(t, s)
		storetest.WaitCaughtUp(t, s)
		if n := s.Statements() - before; fewest < 0 || n < fewest {
			fewest = n
		}
	}
	return fewest
}

func TestBatchCreatesSetNoSavepoints(t *testing.T) {
	s := openTest(t)
	c := newCompany(t, s)
	run := 0
	statements := func(n int) int64 {
		return batchStatements(t, s, c.ID, func(b directory.Batch) error {
			run++
			for i := range n {
				if err := b.CreateEmployee(t.Context(), batchCreate(c.ID, fmt.Sprintf("r%d-e%d@example.com", run, i)), directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	one, many := statements(1), statements(64)
	// Its employee's insert: its email, status change and log entry go
	// with the 63 others' in one statement each, as one create's do.
	// Held and sent one by one, 3 statements more a create; with a
	// savepoint each, a RELEASE and a SAVEPOINT more.
	if more := many - one; more != 63 {
		t.Errorf("63 creates more ran %d statements more; want 63 (their employees'; their other rows with the first's)", more)
	}
}

func TestBatchCreateFailingAfterItWroteFailsTheBatch(t *testing.T) {
	for _, tc := range []struct {
		name, trigger string
		// pending seeds an employee whose manager is the create that
		// fails: the create resolves the reference.
		pending bool
		// heldRow: what fails is a held row, found when the batch ends:
		// the calls succeeded, and the batch fails.
		heldRow bool
	}{
		// Its employee is inserted, then resolving another employee's
		// reference to it fails: the employee cannot be taken back alone.
		{name: "after its employee", pending: true, trigger: `CREATE TRIGGER fail BEFORE UPDATE OF manager_id ON employees
			WHEN new.manager_id IS NOT NULL
			BEGIN SELECT RAISE(ABORT, 'injected'); END`},
		// Its status change, held, fails when the held rows are sent at
		// the batch's end: a failure of the database's, no call's.
		{name: "a held row", heldRow: true, trigger: `CREATE TRIGGER fail BEFORE INSERT ON status_changes
			WHEN new.employee_id = (SELECT id FROM employees WHERE user_name = 'fails@example.com')
			BEGIN SELECT RAISE(ABORT, 'injected'); END`},
		// Its first write fails and the database rolls the whole
		// transaction back (as I/O errors, a full disk or an interrupt
		// do): the creates before it are gone, and those after it must
		// not run outside the transaction.
		{name: "the transaction rolled back", trigger: `CREATE TRIGGER fail BEFORE INSERT ON employees
			WHEN new.user_name = 'fails@example.com'
			BEGIN SELECT RAISE(ROLLBACK, 'injected'); END`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			c := newCompany(t, s)
			seeded := 0
			if tc.pending {
				report := batchCreate(c.ID, "report@example.com")
				report.Manager = directory.Reference{Value: "fails@example.com"}
				if err := s.CreateEmployee(t.Context(), report, directory.Actor{}); err != nil {
					t.Fatal(err)
				}
				seeded = 1
			}
			if _, err := s.w.ExecContext(t.Context(), tc.trigger); err != nil {
				t.Fatal(err)
			}
			names := []string{"before@example.com", "fails@example.com", "after@example.com"}
			outcomes := make([]error, len(names))
			err := s.Batch(t.Context(), c.ID, func(b directory.Batch) error {
				for i, name := range names {
					outcomes[i] = b.CreateEmployee(t.Context(), batchCreate(c.ID, name), directory.Actor{})
				}
				if tc.heldRow {
					// A read sends the held rows first: it fails, and
					// so does every call after it.
					if _, err := b.Employee(t.Context(), "anyone"); err == nil || directory.ErrorCode(err) == directory.ENotFound {
						t.Errorf("a read after a held row that fails: %v; want the failure", err)
					}
					if err := b.CreateEmployee(t.Context(), batchCreate(c.ID, "later@example.com"), directory.Actor{}); err == nil {
						t.Error("a create after a held row failed succeeded")
					}
				}
				return nil
			})
			if err == nil {
				t.Error("the batch committed")
			}
			for i, name := range names[1:] {
				if outcomes[i+1] == nil && !tc.heldRow {
					t.Errorf("%s: created; want the call failed", name)
				}
			}
			list, total, err := s.Employees(t.Context(), c.ID, directory.EmployeeQuery{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if total != seeded {
				var got []string
				for _, e := range list {
					got = append(got, e.UserName)
				}
				t.Errorf("stored %s; want nothing of the batch", strings.Join(got, ", "))
			}
			var statusChanges int
			if err := s.w.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM status_changes`).Scan(&statusChanges); err != nil {
				t.Fatal(err)
			}
			if statusChanges != seeded {
				t.Errorf("%d status changes stored; want none of the batch's", statusChanges)
			}
		})
	}
}
