package sqlite_test

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// The writes of a SQLite group hold the only writer together, so their
// employee writes share what they need to know of the company
// (sqlstore/batch_facts.go) — but a write of another kind in the group,
// here an administrator making HR the owner of department, changes it:
// the employee write after it must see the owner.
func TestGroupedWritesSeeAnOwnerSetAmongThem(t *testing.T) {
	s := openTemp(t)
	ctx := t.Context()
	c := directory.Company{ID: directory.NewID(), Name: "Acme"}
	if err := s.CreateCompany(ctx, &c); err != nil {
		t.Fatal(err)
	}
	connection := func(label string) directory.Connection {
		_, hash := directory.NewToken()
		n := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: label, TokenHash: hash}
		if err := s.CreateConnection(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	entra, hr := connection("Entra"), connection("Workday HR")
	employee := func(name string) directory.Employee {
		e := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: name, Active: true}
		if err := s.CreateEmployee(ctx, &e, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
		return e
	}
	held, ada := employee("held@example.com"), employee("ada@example.com")
	department := func(id, value string) func() error {
		return func() error {
			_, err := s.UpdateEmployee(ctx, c.ID, id, directory.Actor{ConnectionID: entra.ID}, func(e *directory.Employee) error {
				e.Department = value
				return nil
			})
			return err
		}
	}

	// A write holds the committer while the others queue, in order.
	running, release, outcomes := make(chan struct{}), make(chan struct{}), make(chan error, 4)
	go func() {
		_, err := s.UpdateEmployee(ctx, c.ID, held.ID, directory.Actor{}, func(*directory.Employee) error {
			close(running)
			<-release
			return nil
		})
		outcomes <- err
	}()
	<-running
	writes := []func() error{
		department(ada.ID, "Sales"), // reads the company's facts: no owner
		func() error { return s.SetOwner(ctx, c.ID, "department", hr.ID) },
		department(ada.ID, "Ops"), // owned by HR now: not applied
	}
	for i, w := range writes {
		go func() { outcomes <- w() }()
		for deadline := time.Now().Add(10 * time.Second); s.WritesWaiting(c.ID) < i+1; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%d writes wait; want %d", s.WritesWaiting(c.ID), i+1)
			}
		}
	}
	close(release)
	for range 4 {
		if err := <-outcomes; err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Employee(ctx, c.ID, ada.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Department != "Sales" {
		t.Errorf("department = %q; want Sales, the write after HR took it not applied", got.Department)
	}
}
