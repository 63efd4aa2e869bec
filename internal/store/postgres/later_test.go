package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/postgres"
)

// A write's history, emails and activity-log entry are queued and sent
// together, after the employee itself (sqlstore/later.go). Their failure
// must still be the failure of their own write, alone: here the database
// refuses the status history of one employee, which only its queued
// statements write.
func TestQueuedStatementFailsItsOwnWrite(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	refused := directory.NewID()
	if _, err := rawDB(t, u).ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE status_changes ADD CONSTRAINT refused CHECK (employee_id <> '%s')`, refused)); err != nil {
		t.Fatal(err)
	}
	employee := func(id, name string) directory.Employee { return workEmployee(id, company.ID, name) }
	stored := func(name string) bool {
		t.Helper()
		list, _, err := s.Employees(ctx, company.ID, directory.EmployeeQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			if e.UserName == name {
				return true
			}
		}
		return false
	}

	t.Run("alone", func(t *testing.T) {
		e := employee(refused, "alone@example.com")
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err == nil {
			t.Fatal("create succeeded; want the history's refusal")
		}
		if stored("alone@example.com") {
			t.Error("the refused employee was stored")
		}
		ok := employee(directory.NewID(), "after@example.com")
		if err := s.CreateEmployee(ctx, &ok, directory.Actor{}); err != nil || !stored("after@example.com") {
			t.Errorf("the next create: %v", err)
		}
	})

	t.Run("in a batch", func(t *testing.T) {
		var errs []error
		err := s.Batch(ctx, company.ID, func(b directory.Batch) error {
			for _, e := range []directory.Employee{
				employee(directory.NewID(), "first@example.com"),
				employee(refused, "refused@example.com"),
				employee(directory.NewID(), "last@example.com"),
			} {
				errs = append(errs, b.CreateEmployee(ctx, &e, directory.Actor{}))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if errs[0] != nil || errs[1] == nil || errs[2] != nil {
			t.Fatalf("the calls returned %v; want only the second to fail", errs)
		}
		for name, want := range map[string]bool{"first@example.com": true, "refused@example.com": false, "last@example.com": true} {
			if got := stored(name); got != want {
				t.Errorf("%s stored: %v; want %v", name, got, want)
			}
		}
		// The Batch counted its live employees at its end (migration
		// 0025), the refused one's count rolled back with its savepoint.
		wantLiveCount(t, rawDB(t, u), company.ID, 3)
	})
}

// A company's writes that wait at the same time share one transaction
// (sqlstore/company_commit.go), each in a savepoint: one that fails — here
// at its queued history, as above — is rolled back alone, and the others
// commit together.
func TestGroupedWritesFailAlone(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	refused := directory.NewID()
	db := rawDB(t, u)
	if _, err := db.ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE status_changes ADD CONSTRAINT refused CHECK (employee_id <> '%s')`, refused)); err != nil {
		t.Fatal(err)
	}
	const n = 6
	writes := make([]func() error, n)
	for i := range writes {
		id := directory.NewID()
		if i == 3 {
			id = refused
		}
		e := workEmployee(id, company.ID, fmt.Sprintf("g%d@example.com", i))
		writes[i] = func() error { return s.CreateEmployee(ctx, &e, directory.Actor{}) }
	}
	errs, statements := inOneGroup(t, s, db, company.ID, writes...)
	for i, err := range errs {
		if (i == 3) != (err != nil) {
			t.Errorf("create %d: %v", i, err)
		}
	}
	// The first create, alone, takes two round trips. The group of the
	// other five takes one for BEGIN, the lock and the company's facts;
	// one for the five creates merged (sqlstore/merged_writes.go) and
	// COMMIT, which fails, and one to roll the merge back; one for the
	// five creates' statements and COMMIT, pipelined
	// (sqlstore/pipelined_writes.go), which stops at the refused one;
	// one to roll it back and one to send again the two after it, with
	// COMMIT — 7 in all (the rollback is counted with the statement that
	// failed). Sent write by write, they took 10; with COMMIT apart, 6;
	// unmerged, 5.
	if statements > 7 {
		t.Errorf("%d round trips for %d creates; want 7: the group's writes sent together, and with its COMMIT", statements, n)
	}
	wantLiveCount(t, db, company.ID, n-1)
}

// TestGroupedWritesTakenUserName: an employee's insert and update go
// queued with what follows them; in a group, the one whose userName is
// taken fails alone, with the conflict that names the userName, and the
// others commit.
func TestGroupedWritesTakenUserName(t *testing.T) {
	s, u, company := openCompany(t)
	ctx := context.Background()
	db := rawDB(t, u)
	newEmployee := func(name string) directory.Employee { return workEmployee(directory.NewID(), company.ID, name) }
	taken := newEmployee("taken@example.com")
	renamed := newEmployee("renamed@example.com")
	for _, e := range []*directory.Employee{&taken, &renamed} {
		if err := s.CreateEmployee(ctx, e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	creates := []directory.Employee{newEmployee("a@example.com"), newEmployee("TAKEN@example.com"), newEmployee("b@example.com")}
	writes := []func() error{
		func() error { return s.CreateEmployee(ctx, &creates[0], directory.Actor{}) },
		func() error { return s.CreateEmployee(ctx, &creates[1], directory.Actor{}) },
		func() error {
			_, err := s.UpdateEmployee(ctx, company.ID, renamed.ID, directory.Actor{}, func(e *directory.Employee) error {
				e.UserName = "Taken@Example.com"
				return nil
			})
			return err
		},
		func() error { return s.CreateEmployee(ctx, &creates[2], directory.Actor{}) },
	}
	errs, _ := inOneGroup(t, s, db, company.ID, writes...)
	for i, err := range errs {
		if i == 1 || i == 2 {
			if directory.ErrorCode(err) != directory.EConflict || !strings.Contains(err.Error(), "is already taken") {
				t.Errorf("write %d: %v; want the conflict that names the taken userName", i, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if got, err := s.Employee(ctx, company.ID, renamed.ID); err != nil || got.UserName != "renamed@example.com" || got.Version != 1 {
		t.Errorf("the refused rename: %+v, %v", got, err)
	}
	if _, err := s.Employee(ctx, company.ID, creates[1].ID); directory.ErrorCode(err) != directory.ENotFound {
		t.Errorf("the refused create: %v", err)
	}
	wantLiveCount(t, db, company.ID, 4)
}

// A grouped write that panics, its statements pipelined with the others'
// (sqlstore/pipelined_writes.go), panics to its own caller alone: what
// the writes before it queued is sent, and the writes after it commit.
func TestGroupedWritePanicsAlone(t *testing.T) {
	f := newGroupFixture(t, "a@example.com", "b@example.com", "c@example.com")
	s, db, company, target, creates, create := f.s, f.db, f.company, f.target, f.creates, f.create
	ctx := context.Background()
	panicking := func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("panicked: %v", v)
			}
		}()
		_, err = s.UpdateEmployee(ctx, company.ID, target.ID, directory.Actor{}, func(e *directory.Employee) error {
			e.Title = "never stored"
			panic("boom")
		})
		return err
	}
	errs, _ := inOneGroup(t, s, db, company.ID, create(0), create(1), panicking, create(2))
	for i, err := range errs {
		if (i == 2) != (err != nil) {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if errs[2] == nil || !strings.Contains(errs[2].Error(), "panicked: boom") {
		t.Errorf("the panicking write: %v; want its own panic", errs[2])
	}
	if got, err := s.Employee(ctx, company.ID, target.ID); err != nil || got.Title != "" || got.Version != 1 {
		t.Errorf("the employee the panicking write read: %+v, %v", got, err)
	}
	for _, e := range creates {
		if _, err := s.Employee(ctx, company.ID, e.ID); err != nil {
			t.Errorf("%s: %v", e.UserName, err)
		}
	}
	wantLiveCount(t, db, company.ID, 4)
}

// groupFixture is a company with one stored employee (target) and
// employees to create (creates), for writes grouped around target's.
type groupFixture struct {
	s       *postgres.Store
	db      *sql.DB
	company directory.Company
	target  directory.Employee
	creates []directory.Employee
}

func newGroupFixture(t *testing.T, creates ...string) *groupFixture {
	t.Helper()
	s, u, company := openCompany(t)
	f := &groupFixture{s: s, db: rawDB(t, u), company: company}
	f.target = workEmployee(directory.NewID(), company.ID, "target@example.com")
	if err := s.CreateEmployee(context.Background(), &f.target, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	for _, name := range creates {
		f.creates = append(f.creates, workEmployee(directory.NewID(), company.ID, name))
	}
	return f
}

// create is the write that creates creates[i].
func (f *groupFixture) create(i int) func() error {
	return func() error { return f.s.CreateEmployee(context.Background(), &f.creates[i], directory.Actor{}) }
}

// A lone write's round trips: BEGIN, the company's lock and facts go with
// its first statement that is sent — a create's with its insert and
// COMMIT, an update's with its read of the employee — and the rest with
// COMMIT.
func TestLoneWriteRoundTrips(t *testing.T) {
	s, _, company := openCompany(t)
	ctx := context.Background()
	e := workEmployee(directory.NewID(), company.ID, "lone@example.com")
	for _, w := range []struct {
		name  string
		write func() error
		want  int64
	}{
		{"create", func() error { return s.CreateEmployee(ctx, &e, directory.Actor{}) }, 2},
		{"update", func() error {
			_, err := s.UpdateEmployee(ctx, company.ID, e.ID, directory.Actor{}, func(e *directory.Employee) error {
				e.Title = "Lead"
				return nil
			})
			return err
		}, 2},
	} {
		before := s.Statements()
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if got := s.Statements() - before; got != w.want {
			t.Errorf("%s: %d round trips; want %d", w.name, got, w.want)
		}
	}
}

// workEmployee is an active employee whose userName is also its primary
// work email.
func workEmployee(id, companyID, name string) directory.Employee {
	return directory.Employee{ID: id, CompanyID: companyID, UserName: name, Active: true,
		Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
}

// wantLiveCount checks that the company has want employees, and that its
// kept count of live employees (migration 0022) says so.
func wantLiveCount(t *testing.T, db *sql.DB, companyID string, want int) {
	t.Helper()
	var kept, counted int
	if err := db.QueryRowContext(t.Context(), `SELECT live_employees, (SELECT COUNT(*) FROM employees WHERE company_id = $1)
		FROM companies WHERE id = $1`, companyID).Scan(&kept, &counted); err != nil {
		t.Fatal(err)
	}
	if kept != want || counted != want {
		t.Errorf("live_employees %d, employees %d; want %d", kept, counted, want)
	}
}

// inOneGroup runs the company's employee writes grouped: while a
// transaction holds the company's lock, the first waits for it in the
// database and the others queue behind it; let go, they run as one group.
// It returns each write's error and the statements (round trips) all
// took.
func inOneGroup(t *testing.T, s *postgres.Store, db *sql.DB, companyID string, writes ...func() error) ([]error, int64) {
	t.Helper()
	ctx := t.Context()
	tx := rawTx(t, db)
	if _, err := tx.ExecContext(ctx, `SELECT id FROM companies WHERE id = $1 FOR NO KEY UPDATE`, companyID); err != nil {
		t.Fatal(err)
	}
	var xid string
	if err := tx.QueryRowContext(ctx, `SELECT pg_current_xact_id()::text`).Scan(&xid); err != nil {
		t.Fatal(err)
	}
	done := make([]chan error, len(writes))
	run := func(i int) {
		done[i] = make(chan error, 1)
		go func() { done[i] <- writes[i]() }()
	}
	run(0)
	waitForLockWaiter(t, db, xid)
	for i := 1; i < len(writes); i++ {
		run(i)
		// In order: each queues before the next is sent.
		for deadline := time.Now().Add(30 * time.Second); s.WritesWaiting(companyID) < i; time.Sleep(2 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d writes wait; want %d", s.WritesWaiting(companyID), i)
			}
		}
	}
	before := s.Statements()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	errs := make([]error, len(writes))
	for i := range writes {
		errs[i] = <-done[i]
	}
	return errs, s.Statements() - before
}
