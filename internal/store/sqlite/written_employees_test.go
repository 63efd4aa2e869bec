package sqlite_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"

	"roster/internal/directory"
	"roster/internal/store/sqlite"
)

// The committer keeps the employees it wrote for their next update
// (sqlstore/written_employees.go) while nothing else can have changed
// them. In a test binary every such read is also checked against the
// database, so a kept employee that is not what is stored fails these
// tests twice: by what they see, and by the check's panic.

// twoProcesses opens two stores on one file, as the server and the CLI
// have it.
func twoProcesses(t *testing.T) (s, other *sqlite.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "roster.db")
	open := func() *sqlite.Store {
		st, err := sqlite.Open(t.Context(), path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	return open(), open()
}

// seen runs Entra's update of the employee id of c and returns the
// employee as the update's function was given it.
func (c groupCompany) seen(t *testing.T, s *sqlite.Store, id string, set func(*directory.Employee)) directory.Employee {
	t.Helper()
	var before directory.Employee
	_, err := s.UpdateEmployee(t.Context(), c.ID, id, directory.Actor{ConnectionID: c.entra.ID}, func(e *directory.Employee) error {
		before = *e
		set(e)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return before
}

// entraCreates creates e, an employee of c with the given userName and
// what set sets, as Entra does.
func (c groupCompany) entraCreates(t *testing.T, s *sqlite.Store, userName string, set func(*directory.Employee)) directory.Employee {
	t.Helper()
	e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: userName, Active: true}
	set(&e)
	if err := s.CreateEmployee(t.Context(), &e, directory.Actor{ConnectionID: c.entra.ID}); err != nil {
		t.Fatal(err)
	}
	return e
}

// managedBy sets an employee's manager to value.
func managedBy(value string) func(*directory.Employee) {
	return func(e *directory.Employee) { e.Manager = directory.Reference{Value: value} }
}

// Entra's sync creates an employee and patches it at once: the patch
// reads nothing of it, where after another process's commit it reads the
// employee's row and details (and the company's facts).
func TestUpdateRightAfterItsCreateReadsNoEmployee(t *testing.T) {
	s, other := twoProcesses(t)
	c := newGroupCompany(t, s, "Acme")
	statements := func(write func() error) int64 { t.Helper(); return statementsOf(t, s, write) }
	ada := c.employee(t, s, "ada@acme.example")
	kept := statements(c.update(s, ada.ID, department("Sales")))
	bob := c.employee(t, s, "bob@acme.example")
	if err := other.CreateCompany(t.Context(), &directory.Company{ID: directory.NewID(), Name: "Initech"}); err != nil {
		t.Fatal(err)
	}
	read := statements(c.update(s, bob.ID, department("Sales")))
	if kept != read-factsStatements-2 {
		t.Errorf("an update right after its employee's create: %d statements; after another process's commit %d; want %d fewer", kept, read, factsStatements+2)
	}
}

// What another process (the CLI) writes to an employee this committer
// wrote last is what the committer's next update of it starts from.
func TestUpdateSeesAnotherProcessesWrite(t *testing.T) {
	s, other := twoProcesses(t)
	c := newGroupCompany(t, s, "Acme")
	ada := c.employee(t, s, "ada@acme.example")
	c.seen(t, s, ada.ID, department("Sales"))
	if _, err := other.UpdateEmployee(t.Context(), c.ID, ada.ID, directory.Actor{}, func(e *directory.Employee) error {
		e.Title = "CTO"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if before := c.seen(t, s, ada.ID, department("Ops")); before.Title != "CTO" || before.Department != "Sales" {
		t.Errorf("the update started from title %q, department %q; want CTO (the other process's) and Sales", before.Title, before.Department)
	}
	got, err := s.Employee(t.Context(), c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "CTO" || got.Department != "Ops" {
		t.Errorf("stored: title %q, department %q; want CTO and Ops", got.Title, got.Department)
	}
}

// Writes of this process that change other employees than their own:
// the employee this committer wrote last is read again after them.
func TestUpdateSeesWhatOtherWritesChangedOfItsEmployee(t *testing.T) {
	t.Run("a reference resolved by another employee's create", func(t *testing.T) {
		s := openTemp(t)
		c := newGroupCompany(t, s, "Acme")
		ada := c.entraCreates(t, s, "ada@acme.example", managedBy("boss@acme.example")) // pending
		boss := c.employee(t, s, "boss@acme.example")
		if before := c.seen(t, s, ada.ID, department("Sales")); before.Manager.TargetID != boss.ID {
			t.Errorf("manager %+v; want resolved to %s", before.Manager, boss.ID)
		}
	})
	t.Run("its manager renamed", func(t *testing.T) {
		s := openTemp(t)
		c := newGroupCompany(t, s, "Acme")
		boss := c.employee(t, s, "boss@acme.example")
		ada := c.entraCreates(t, s, "ada@acme.example", managedBy(boss.ID))
		c.seen(t, s, boss.ID, func(e *directory.Employee) { e.DisplayName = "Big Boss" })
		if before := c.seen(t, s, ada.ID, department("Sales")); before.Manager.TargetName != "Big Boss" {
			t.Errorf("manager %+v; want described as Big Boss", before.Manager)
		}
	})
	t.Run("its manager deleted", func(t *testing.T) {
		s := openTemp(t)
		c := newGroupCompany(t, s, "Acme")
		boss := c.employee(t, s, "boss@acme.example")
		ada := c.entraCreates(t, s, "ada@acme.example", managedBy(boss.ID))
		if err := s.DeleteEmployee(t.Context(), c.ID, boss.ID, directory.Actor{ConnectionID: c.entra.ID}, nil); err != nil {
			t.Fatal(err)
		}
		if before := c.seen(t, s, ada.ID, department("Sales")); before.Manager.TargetID != "" {
			t.Errorf("manager %+v; want no target, the target deleted", before.Manager)
		}
	})
	t.Run("an attribute deleted by an administrator", func(t *testing.T) {
		s := openTemp(t)
		c := newGroupCompany(t, s, "Acme")
		team := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Team", Type: directory.TypeOption}
		if err := s.CreateAttribute(t.Context(), &team); err != nil {
			t.Fatal(err)
		}
		ada := c.entraCreates(t, s, "ada@acme.example", func(e *directory.Employee) {
			e.Attributes = map[string]directory.AttributeValue{team.ID: {Text: "Engines"}}
		})
		if _, err := s.DeleteAttribute(t.Context(), c.ID, team.ID); err != nil {
			t.Fatal(err)
		}
		if before := c.seen(t, s, ada.ID, department("Sales")); len(before.Attributes) != 0 {
			t.Errorf("attributes %+v; want none, the attribute deleted", before.Attributes)
		}
	})
}

// Writes of every kind at once, from this process and from another one
// (the CLI's): creates and updates that name managers and "buddies" by
// userName (resolved or left pending), reactivations and deactivations,
// deletes, an administrator setting an owner and deleting and adding
// attributes. Every update that starts from a kept employee is checked
// against the database in a test binary (the check panics on any
// difference), so this fails if any of these writes changes an employee
// the committer keeps without it forgetting: without the forgetting
// after a resolved reference (by a create or an update), a delete,
// another process's commit or an administrator's write, it failed
// within five runs (-count=5). Seeded: the same writes each run, their
// interleaving the scheduler's.
func TestWrittenEmployeesUnderMixedWrites(t *testing.T) {
	s, other := twoProcesses(t)
	c := newGroupCompany(t, s, "Acme")
	ctx := t.Context()
	newBuddy := func() directory.AttributeDef {
		d := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Buddy " + directory.NewID()[:8], Type: directory.TypeEmployee}
		if err := s.CreateAttribute(ctx, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	var mu sync.Mutex
	buddy := newBuddy()
	currentBuddy := func() string { mu.Lock(); defer mu.Unlock(); return buddy.ID }
	name := func(r *rand.Rand) string { return fmt.Sprintf("u%d@acme.example", r.IntN(40)) }
	ids := make([]string, 8) // few, so that updates find the ones just written
	for i := range ids {
		ids[i] = c.employee(t, s, fmt.Sprintf("seed%d@acme.example", i)).ID
	}
	id := func(r *rand.Rand) string { return ids[r.IntN(len(ids))] }
	change := func(r *rand.Rand) func(*directory.Employee) error {
		return func(e *directory.Employee) error {
			switch r.IntN(20) {
			case 0:
				e.Manager = directory.Reference{Value: name(r)}
			case 1:
				e.Attributes = map[string]directory.AttributeValue{currentBuddy(): {Ref: directory.Reference{Value: name(r)}}}
			case 2:
				e.Active = !e.Active
			case 3:
				e.Emails = []directory.Email{{Value: name(r), Primary: true}}
			default:
				e.Department = fmt.Sprint("D", r.IntN(50))
			}
			return nil
		}
	}
	var wg sync.WaitGroup
	writer := func(seed uint64, st *sqlite.Store, by directory.Actor, ops int) {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, seed))
		for range ops {
			switch n := r.IntN(200); {
			case n < 3:
				e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name(r), Active: true, Manager: directory.Reference{Value: name(r)}}
				if st.CreateEmployee(ctx, &e, by) == nil {
					mu.Lock()
					ids[r.IntN(len(ids))] = e.ID
					mu.Unlock()
				}
			case n < 194:
				mu.Lock()
				target := id(r)
				mu.Unlock()
				st.UpdateEmployee(ctx, c.ID, target, by, change(r))
			case n < 197:
				mu.Lock()
				target := id(r)
				mu.Unlock()
				st.DeleteEmployee(ctx, c.ID, target, by, nil)
			case n < 198:
				st.SetOwner(ctx, c.ID, "department", []string{c.hr.ID, c.entra.ID}[r.IntN(2)])
			default:
				mu.Lock()
				old := buddy.ID
				mu.Unlock()
				st.DeleteAttribute(ctx, c.ID, old)
				d := newBuddy()
				mu.Lock()
				buddy = d
				mu.Unlock()
			}
		}
	}
	for i := range 6 {
		wg.Add(1)
		go writer(uint64(i), s, directory.Actor{ConnectionID: c.entra.ID}, 200)
	}
	wg.Add(1)
	go writer(99, other, directory.Actor{ConnectionID: c.hr.ID}, 20)
	wg.Wait()
}
