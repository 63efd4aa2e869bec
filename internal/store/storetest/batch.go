package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"roster/internal/directory"
)

var batchTests = []test{
	{"FailedCallAffectsNoOther", func(t *testing.T, e *env) {
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		by := directory.Actor{ConnectionID: conn.ID}
		keep := e.employee(c.ID, "keep@example.com")
		gone := e.employee(c.ID, "gone@example.com")
		var a, dup, b directory.Employee
		var errs []error
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			a = directory.Employee{ID: directory.NewID(), UserName: "a@example.com", Active: true, Manager: directory.Reference{Value: "b@example.com"}}
			errs = append(errs, bt.CreateEmployee(e.ctx, &a, by))
			dup = directory.Employee{ID: directory.NewID(), UserName: "A@EXAMPLE.COM", Active: true}
			errs = append(errs, bt.CreateEmployee(e.ctx, &dup, by))
			// A failing update rolls back its own partial work only.
			_, err := bt.UpdateEmployee(e.ctx, keep.ID, by, func(u *directory.Employee) error {
				u.Title = "changed"
				return directory.Errorf(directory.EPrecondition, "stale")
			})
			errs = append(errs, err)
			_, err = bt.UpdateEmployee(e.ctx, keep.ID, by, func(u *directory.Employee) error {
				u.UserName = "gone@example.com" // taken: fails in the database
				return nil
			})
			errs = append(errs, err)
			_, err = bt.UpdateEmployee(e.ctx, directory.NewID(), by, func(*directory.Employee) error { return nil })
			errs = append(errs, err)
			b = directory.Employee{ID: directory.NewID(), UserName: "b@example.com", Active: true}
			errs = append(errs, bt.CreateEmployee(e.ctx, &b, by))
			errs = append(errs, bt.DeleteEmployee(e.ctx, gone.ID, by, nil))
			_, err = bt.UpdateEmployee(e.ctx, keep.ID, by, func(u *directory.Employee) error {
				u.Active = false
				return nil
			})
			errs = append(errs, err)
			// Reads see the batch's own writes.
			got, err := bt.Employee(e.ctx, a.ID)
			if err != nil || got.Manager.TargetID != b.ID {
				t.Errorf("inside the batch: manager %+v, %v; want resolved to b", got.Manager, err)
			}
			_, err = bt.Employee(e.ctx, gone.ID)
			wantCode(t, err, directory.ENotFound)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantCodes := []directory.Code{"", directory.EConflict, directory.EPrecondition, directory.EConflict, directory.ENotFound, "", "", ""}
		for i, want := range wantCodes {
			if got := directory.ErrorCode(errs[i]); got != want || (want == "" && errs[i] != nil) {
				t.Errorf("call %d: error %v; want code %q", i, errs[i], want)
			}
		}
		names, total := e.list(c.ID, directory.EmployeeQuery{Limit: 10})
		wantEqual(t, "employees", names, []string{"keep@example.com", "a@example.com", "b@example.com"})
		wantEqual(t, "total", total, 3)
		got := e.get(c.ID, keep.ID)
		if got.Title != "" || got.UserName != "keep@example.com" || got.Active || got.Version != keep.Version+1 {
			t.Errorf("keep = %+v; want only the last update applied", got)
		}
		wantEqual(t, "a's manager", e.get(c.ID, a.ID).Manager.TargetID, b.ID)
		wantEqual(t, "a as returned in the batch", e.get(c.ID, a.ID).Manager.Value, a.Manager.Value)
		hist, err := e.s.StatusHistory(e.ctx, c.ID, keep.ID)
		if err != nil || len(hist) != 2 || hist[1].ConnectionID != conn.ID {
			t.Errorf("history %+v, %v; want the deactivation by the connection", hist, err)
		}
	}},
	{"AdmittingCreateFailsAlone", func(t *testing.T, e *env) {
		// A create whose value an open option list admits writes the
		// list before its employee; when the create then fails — its
		// userName taken, or its employee attribute naming itself —
		// the admission goes with it, and the batch's other calls stand
		// (on SQLite, whose creates set no savepoint, this one takes
		// one: savepoint_free.go).
		c := e.company("Acme")
		by := directory.Actor{ConnectionID: e.connection(c.ID, "Okta").ID}
		place := e.attribute(c.ID, directory.AttributeDef{Name: "Location", Type: directory.TypeOption, Options: []string{"Paris"}, Open: true})
		buddy := e.attribute(c.ID, directory.AttributeDef{Name: "Buddy", Type: directory.TypeEmployee})
		e.employee(c.ID, "taken@example.com")
		at := func(userName, location string) *directory.Employee {
			return &directory.Employee{ID: directory.NewID(), UserName: userName, Active: true,
				Attributes: map[string]directory.AttributeValue{place.ID: {Text: location}}}
		}
		self := at("self@example.com", "Rome")
		self.Attributes[buddy.ID] = directory.AttributeValue{Ref: directory.Reference{Value: "self@example.com"}}
		var outcomes [4]error
		var late [4]error
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			outcomes[0] = bt.CreateEmployee(e.ctx, at("TAKEN@example.com", "Berlin"), by)
			outcomes[1] = bt.CreateEmployee(e.ctx, self, by)
			outcomes[2] = bt.CreateEmployee(e.ctx, at("oslo@example.com", "Oslo"), by)
			if db, ok := bt.(directory.DeferringBatch); ok {
				outcomes[3] = db.CreateEmployeeDeferred(e.ctx, at("Taken@Example.com", "Lima"), by, &late[3])
			} else {
				outcomes[3] = bt.CreateEmployee(e.ctx, at("Taken@Example.com", "Lima"), by)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("the batch failed: %v", err)
		}
		for i, code := range []directory.Code{directory.EConflict, directory.EInvalid, "", directory.EConflict} {
			if got := directory.ErrorCode(errors.Join(outcomes[i], late[i])); got != code {
				t.Errorf("create %d: %v; want code %q", i, errors.Join(outcomes[i], late[i]), code)
			}
		}
		stored, err := e.s.Attribute(e.ctx, c.ID, place.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Paris", "Oslo"}; !slices.Equal(stored.Options, want) {
			t.Errorf("options after the batch: %q; want %q (the failed creates' values not admitted)", stored.Options, want)
		}
	}},
	{"RepeatedWithFailures", func(t *testing.T, e *env) {
		// Every round runs the same statements, savepoints included, so
		// later rounds reuse what earlier ones prepared (statement caches),
		// with failures that roll a savepoint back between their runs.
		c := e.company("Acme")
		taken := e.employee(c.ID, "taken@example.com")
		for round := range 3 {
			var errs []error
			var ok directory.Employee
			err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
				for i := range 2 {
					dup := directory.Employee{ID: directory.NewID(), UserName: "TAKEN@example.com", Active: true}
					errs = append(errs, bt.CreateEmployee(e.ctx, &dup, directory.Actor{}))
					_, err := bt.UpdateEmployee(e.ctx, taken.ID, directory.Actor{}, func(u *directory.Employee) error {
						u.Title = fmt.Sprint("round ", round, " call ", i)
						return nil
					})
					errs = append(errs, err)
				}
				ok = directory.Employee{ID: directory.NewID(), UserName: fmt.Sprintf("r%d@example.com", round), Active: true,
					Emails: []directory.Email{{Value: fmt.Sprintf("r%d@example.com", round)}}}
				errs = append(errs, bt.CreateEmployee(e.ctx, &ok, directory.Actor{}))
				return nil
			})
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			wantCodes := []directory.Code{directory.EConflict, "", directory.EConflict, "", ""}
			for i, want := range wantCodes {
				if got := directory.ErrorCode(errs[i]); got != want || (want == "" && errs[i] != nil) {
					t.Errorf("round %d, call %d: error %v; want code %q", round, i, errs[i], want)
				}
			}
			wantEqual(t, "title", e.get(c.ID, taken.ID).Title, fmt.Sprint("round ", round, " call 1"))
			wantEqual(t, "created", e.get(c.ID, ok.ID).UserName, ok.UserName)
		}
		_, total := e.list(c.ID, directory.EmployeeQuery{})
		wantEqual(t, "employees", total, 4)
		wantEqual(t, "version", e.get(c.ID, taken.ID).Version, taken.Version+6)
	}},
	{"FnErrorWritesNothing", func(t *testing.T, e *env) {
		c := e.company("Acme")
		stop := errors.New("stop")
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			emp := directory.Employee{ID: directory.NewID(), UserName: "a@example.com", Active: true}
			if err := bt.CreateEmployee(e.ctx, &emp, directory.Actor{}); err != nil {
				t.Error(err)
			}
			return stop
		})
		if !errors.Is(err, stop) {
			t.Errorf("error = %v; want fn's", err)
		}
		_, total := e.list(c.ID, directory.EmployeeQuery{})
		wantEqual(t, "employees", total, 0)
	}},
	{"PanicWritesNothing", func(t *testing.T, e *env) {
		c := e.company("Acme")
		func() {
			defer func() { recover() }()
			e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
				emp := directory.Employee{ID: directory.NewID(), UserName: "a@example.com", Active: true}
				bt.CreateEmployee(e.ctx, &emp, directory.Actor{})
				panic("boom")
			})
		}()
		// The writer is free again, and nothing was written.
		e.employee(c.ID, "b@example.com")
		names, _ := e.list(c.ID, directory.EmployeeQuery{Limit: 10})
		wantEqual(t, "employees", names, []string{"b@example.com"})
	}},
	{"ScopedToCompany", func(t *testing.T, e *env) {
		a, b := e.company("A"), e.company("B")
		other := e.employee(b.ID, "b@example.com")
		err := e.s.Batch(e.ctx, a.ID, func(bt directory.Batch) error {
			_, err := bt.Employee(e.ctx, other.ID)
			wantCode(t, err, directory.ENotFound)
			wantCode(t, bt.DeleteEmployee(e.ctx, other.ID, directory.Actor{}, nil), directory.ENotFound)
			emp := directory.Employee{ID: directory.NewID(), CompanyID: b.ID, UserName: "x@example.com"}
			wantCode(t, bt.CreateEmployee(e.ctx, &emp, directory.Actor{}), directory.EInvalid)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "B's employee", e.get(b.ID, other.ID), other)
		err = e.s.Batch(e.ctx, directory.NewID(), func(directory.Batch) error { return nil })
		wantCode(t, err, directory.ENotFound)
	}},
	{"NotUsableAfterwards", func(t *testing.T, e *env) {
		c := e.company("Acme")
		var kept directory.Batch
		if err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error { kept = bt; return nil }); err != nil {
			t.Fatal(err)
		}
		emp := directory.Employee{ID: directory.NewID(), UserName: "late@example.com"}
		if err := kept.CreateEmployee(e.ctx, &emp, directory.Actor{}); err == nil {
			t.Error("a batch used after Batch returned accepted a write")
		}
	}},
	{"ConcurrentWritesWait", func(t *testing.T, e *env) {
		// A single write of the company during a batch waits for the
		// commit, and then sees the batch's writes (its userName clashes).
		c := e.company("Acme")
		done := make(chan error, 1)
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			emp := directory.Employee{ID: directory.NewID(), UserName: "first@example.com", Active: true}
			if err := bt.CreateEmployee(e.ctx, &emp, directory.Actor{}); err != nil {
				return err
			}
			go func() {
				emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "FIRST@example.com", Active: true}
				done <- e.s.CreateEmployee(e.ctx, &emp, directory.Actor{})
			}()
			select {
			case err := <-done:
				t.Errorf("a concurrent write finished during the batch: %v", err)
			case <-time.After(100 * time.Millisecond):
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			wantCode(t, err, directory.EConflict)
		case <-time.After(10 * time.Second):
			t.Fatal("the concurrent write never finished")
		}
	}},
	{"Thousand", func(t *testing.T, e *env) {
		c := e.company("Acme")
		ctx, cancel := context.WithTimeout(e.ctx, time.Minute)
		defer cancel()
		err := e.s.Batch(ctx, c.ID, func(bt directory.Batch) error {
			for i := range 1000 {
				emp := directory.Employee{ID: directory.NewID(), UserName: fmt.Sprintf("u%04d@example.com", i), Active: true,
					Emails: []directory.Email{{Value: fmt.Sprintf("u%04d@example.com", i), Primary: true}}}
				if i > 0 {
					// Each reports to the next one, not yet created.
					emp.Manager.Value = fmt.Sprintf("u%04d@example.com", i+1)
				}
				if err := bt.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, total := e.list(c.ID, directory.EmployeeQuery{})
		wantEqual(t, "employees", total, 1000)
		_, pending := e.list(c.ID, directory.EmployeeQuery{Filter: parse(t, `manager pr`)})
		wantEqual(t, "with a manager", pending, 999)
		page, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Offset: 998, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "resolved", page[0].Manager.TargetName, "u0999@example.com")
		wantEqual(t, "pending", page[1].Manager, directory.Reference{Value: "u1000@example.com"})
	}},
}
