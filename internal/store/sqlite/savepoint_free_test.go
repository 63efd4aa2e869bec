package sqlite

import (
	"strings"
	"testing"

	"roster/internal/directory"
)

// A Batch's creates set no savepoints on SQLite (sqlstore's
// savepoint_free.go): a create runs its own statements and no others, a
// failure before it wrote is its own (the shared suite's batch tests), and
// one that leaves something it cannot undo alone fails the whole batch
// with nothing of it stored.

// batchCreate returns a create of an employee named name with an email,
// for a Batch.
func batchCreate(companyID, name string) *directory.Employee {
	return &directory.Employee{ID: directory.NewID(), CompanyID: companyID, UserName: name, Active: true,
		Emails: []directory.Email{{Value: name, Primary: true}}}
}

func TestBatchCreatesSetNoSavepoints(t *testing.T) {
	s := openTest(t)
	c := newCompany(t, s)
	statements := func(names ...string) int64 {
		before := s.Statements()
		err := s.Batch(t.Context(), c.ID, func(b directory.Batch) error {
			for _, name := range names {
				if err := b.CreateEmployee(t.Context(), batchCreate(c.ID, name), directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return s.Statements() - before
	}
	one := statements("a@example.com")
	three := statements("b@example.com", "c@example.com", "d@example.com")
	// Its employee, its email, its status change, its log entry: with a
	// savepoint each, a RELEASE and a SAVEPOINT more.
	if perCreate := (three - one) / 2; perCreate != 4 {
		t.Errorf("a batch's create ran %d statements; want 4 (its employee, email, status change and log entry)", perCreate)
	}
}

func TestBatchCreateFailingAfterItWroteFailsTheBatch(t *testing.T) {
	for _, tc := range []struct {
		name, trigger string
	}{
		// Its employee is inserted, then its status change fails: the
		// employee cannot be taken back alone.
		{"after its employee", `CREATE TRIGGER fail BEFORE INSERT ON status_changes
			WHEN new.employee_id = (SELECT id FROM employees WHERE user_name = 'fails@example.com')
			BEGIN SELECT RAISE(ABORT, 'injected'); END`},
		// Its first write fails and the database rolls the whole
		// transaction back (as I/O errors, a full disk or an interrupt
		// do): the creates before it are gone, and those after it must
		// not run outside the transaction.
		{"the transaction rolled back", `CREATE TRIGGER fail BEFORE INSERT ON employees
			WHEN new.user_name = 'fails@example.com'
			BEGIN SELECT RAISE(ROLLBACK, 'injected'); END`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			c := newCompany(t, s)
			if _, err := s.w.ExecContext(t.Context(), tc.trigger); err != nil {
				t.Fatal(err)
			}
			names := []string{"before@example.com", "fails@example.com", "after@example.com"}
			outcomes := make([]error, len(names))
			err := s.Batch(t.Context(), c.ID, func(b directory.Batch) error {
				for i, name := range names {
					outcomes[i] = b.CreateEmployee(t.Context(), batchCreate(c.ID, name), directory.Actor{})
				}
				return nil
			})
			if err == nil {
				t.Error("the batch committed")
			}
			for i, name := range names[1:] {
				if outcomes[i+1] == nil {
					t.Errorf("%s: created; want the call failed", name)
				}
			}
			list, total, err := s.Employees(t.Context(), c.ID, directory.EmployeeQuery{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if total != 0 {
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
			if statusChanges != 0 {
				t.Errorf("%d status changes stored; want none", statusChanges)
			}
		})
	}
}
