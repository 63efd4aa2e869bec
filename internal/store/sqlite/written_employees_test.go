package sqlite_test

import (
	"path/filepath"
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
	if kept != read-3 {
		t.Errorf("an update right after its employee's create: %d statements; after another process's commit %d; want three fewer", kept, read)
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
