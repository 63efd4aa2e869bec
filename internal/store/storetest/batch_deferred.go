package storetest

import (
	"testing"

	"roster/internal/directory"
)

// deferredBatchTests check directory.DeferringBatch: a deferred create's
// failure, found when its statements are sent (or at once where nothing
// is deferred), is its own — the creates around it, deferred or not, are
// stored — and every outcome is known by the time Settle or the batch
// returns.
var deferredBatchTests = []test{
	{"FailuresAreTheirOwn", func(t *testing.T, e *env) {
		c := e.company("Acme")
		by := directory.Actor{ConnectionID: e.connection(c.ID, "Okta").ID}
		taken := e.employee(c.ID, "taken@example.com")
		newEmployee := func(name string) *directory.Employee {
			return &directory.Employee{ID: directory.NewID(), UserName: name, Active: true,
				Emails: []directory.Email{{Value: name, Type: "work", Primary: true}}}
		}
		// Each create's outcome: what the call returned, else what it was
		// told later.
		names := []string{"a@example.com", "TAKEN@example.com", "b@example.com", "c@example.com", "Taken@Example.com", "d@example.com"}
		now, late := make([]error, len(names)), make([]error, len(names))
		var settledLate []error
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			db, ok := bt.(directory.DeferringBatch)
			if !ok {
				t.Skip("the store's batch defers nothing")
			}
			for i, name := range names[:3] {
				now[i] = db.CreateEmployeeDeferred(e.ctx, newEmployee(name), by, &late[i])
			}
			if err := db.Settle(e.ctx); err != nil {
				return err
			}
			settledLate = append([]error(nil), late[:3]...)
			// A call that is not deferred tells its own outcome, whatever
			// the deferred ones before it did.
			now[3] = bt.CreateEmployee(e.ctx, newEmployee(names[3]), by)
			for i := 4; i < len(names); i++ {
				now[i] = db.CreateEmployeeDeferred(e.ctx, newEmployee(names[i]), by, &late[i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range names {
			outcome := now[i]
			if outcome == nil {
				outcome = late[i]
			}
			if i == 1 || i == 4 {
				wantCode(t, outcome, directory.EConflict)
			} else if outcome != nil {
				t.Errorf("%s: %v; want it stored", name, outcome)
			}
		}
		if now[1] == nil && settledLate[1] == nil {
			t.Error("the taken userName's failure was not known when Settle returned")
		}
		got, total := e.list(c.ID, directory.EmployeeQuery{Limit: 10})
		wantEqual(t, "employees", got, []string{taken.UserName, "a@example.com", "b@example.com", "c@example.com", "d@example.com"})
		wantEqual(t, "total", total, 5)
		for _, name := range []string{"a@example.com", "d@example.com"} {
			list, _, err := e.s.Employees(e.ctx, c.ID, directory.EmployeeQuery{Limit: 1, Filter: parse(t, `emails.value eq "`+name+`"`)})
			if err != nil || len(list) != 1 || len(list[0].Emails) != 1 {
				t.Errorf("%s's emails: %+v, %v", name, list, err)
			}
		}
	}},
	{"ManagersResolved", func(t *testing.T, e *env) {
		c := e.company("Acme")
		boss := e.employee(c.ID, "boss@example.com")
		taken := e.employee(c.ID, "taken@example.com")
		type create struct{ userName, manager, email string }
		creates := []create{
			{"a@example.com", "Boss@example.com", ""},     // a stored manager
			{"b@example.com", "c@example.com", ""},        // one created after it
			{"c@example.com", "B@example.com", ""},        // one created before it
			{"TAKEN@example.com", "boss@example.com", ""}, // fails: taken
			{"d@example.com", "taken@EXAMPLE.com", ""},    // the stored one, not the failed create
			{"e@example.com", "nobody@example.com", ""},   // nobody: pending
			{"self@example.com", "SELF@example.com", ""},  // itself: refused
			{"f@example.com", "a@EXAMPLE.com", ""},        // one created before it, named by nobody
			{"g@example.com", "", "g.work@example.com"},
			{"h@example.com", "G.Work@example.com", ""}, // one created before it, by its email
			{"i@example.com", "H@example.com", ""},      // the one just before it, both resolving their managers
			{"j@example.com", "boss@example.com", "j.work@example.com"},
			{"k@example.com", "J.Work@example.com", "k.work@example.com"}, // the one just before it, by its email
			{"l@example.com", "boss@example.com", "l.work@example.com"},
		}
		made := make([]directory.Employee, len(creates))
		now, late := make([]error, len(creates)), make([]error, len(creates))
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			db, ok := bt.(directory.DeferringBatch)
			if !ok {
				t.Skip("the store's batch defers nothing")
			}
			for i, cr := range creates {
				made[i] = directory.Employee{ID: directory.NewEmployeeID(), UserName: cr.userName, Active: true, Manager: directory.Reference{Value: cr.manager}}
				if cr.email != "" {
					made[i].Emails = []directory.Email{{Value: cr.email, Type: "work", Primary: true}}
				}
				now[i] = db.CreateEmployeeDeferred(e.ctx, &made[i], directory.Actor{}, &late[i])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		outcome := func(i int) error {
			if now[i] != nil {
				return now[i]
			}
			return late[i]
		}
		wantCode(t, outcome(3), directory.EConflict)
		wantCode(t, outcome(6), directory.EInvalid)
		for i, want := range map[int]string{0: boss.ID, 1: made[2].ID, 2: made[1].ID, 4: taken.ID, 5: "", 7: made[0].ID, 9: made[8].ID, 10: made[9].ID, 11: boss.ID, 12: made[11].ID, 13: boss.ID} {
			if err := outcome(i); err != nil {
				t.Fatalf("%s: %v", creates[i].userName, err)
			}
			got := e.get(c.ID, made[i].ID).Manager
			wantEqual(t, creates[i].userName+"'s manager", got.TargetID, want)
			wantEqual(t, creates[i].userName+"'s manager value", got.Value, creates[i].manager)
		}
	}},
}
