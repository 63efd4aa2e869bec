package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/filter"
	"roster/internal/scim/schema"
)

// The guard's held deletes (directory/guard.go): gone for SCIM and the
// directory, kept for survey audiences until released, restored by the
// same connection's re-create.

// deleteBy deletes the employee as by.
func (e *surveyEnv) deleteBy(companyID, id string, by directory.Actor) {
	e.t.Helper()
	if err := e.s.DeleteEmployee(e.ctx, companyID, id, by, nil); err != nil {
		e.t.Fatalf("DeleteEmployee(%s): %v", id, err)
	}
}

// request is a SCIM request of the connection with the id.
func request(connectionID, requestID, op string) directory.Actor {
	return directory.Actor{ConnectionID: connectionID,
		Request: &directory.RequestInfo{Client: directory.ClientOkta, RequestID: requestID, Operation: op}}
}

// wantGone checks that the employee is not found by id, by userName, in
// the list, nor writable.
func (e *surveyEnv) wantGone(companyID string, emp directory.Employee) {
	e.t.Helper()
	_, err := e.s.Employee(e.ctx, companyID, emp.ID)
	wantCode(e.t, err, directory.ENotFound)
	_, err = e.s.UpdateEmployee(e.ctx, companyID, emp.ID, directory.Actor{}, func(*directory.Employee) error { return nil })
	wantCode(e.t, err, directory.ENotFound)
	_, err = e.s.StatusHistory(e.ctx, companyID, emp.ID)
	wantCode(e.t, err, directory.ENotFound)
	wantCode(e.t, e.s.DeleteEmployee(e.ctx, companyID, emp.ID, directory.Actor{}, nil), directory.ENotFound)
	f, err := filter.Parse(schema.UserType(nil), fmt.Sprintf("userName eq %q", emp.UserName))
	if err != nil {
		e.t.Fatal(err)
	}
	if got, n := e.list(companyID, directory.EmployeeQuery{Filter: f, Limit: 10}); n != 0 {
		e.t.Errorf("userName eq %q finds %v", emp.UserName, got)
	}
	all, _ := e.list(companyID, directory.EmployeeQuery{Limit: 1000})
	if slices.Contains(all, emp.UserName) {
		e.t.Errorf("the company's list shows %s", emp.UserName)
	}
}

// strictGuard makes a company whose guard holds from a connection's
// second deactivation or delete, and its connection Okta.
func (e *surveyEnv) strictGuard() (directory.Company, directory.Actor) {
	e.t.Helper()
	c := e.company("Acme")
	okta := e.connection(c.ID, "Okta")
	e.guardFromSecond(c.ID)
	return c, directory.Actor{ConnectionID: okta.ID}
}

// guardFromSecond makes the company's guard hold each connection's
// deactivations and deletes from its second within the hour on.
func (e *env) guardFromSecond(companyID string) {
	e.t.Helper()
	if err := e.s.SetGuardPolicy(e.ctx, companyID, directory.GuardPolicy{Percent: 1, Min: 1, Window: time.Hour}); err != nil {
		e.t.Fatal(err)
	}
}

// setExternalID sets the employee's externalId of by's connection.
func (e *surveyEnv) setExternalID(companyID, id, value string, by directory.Actor) {
	e.t.Helper()
	if _, err := e.s.UpdateEmployee(e.ctx, companyID, id, by, func(u *directory.Employee) error {
		u.ExternalID = value
		return nil
	}); err != nil {
		e.t.Fatal(err)
	}
}

// heldWithExternalID sets up a strict guard's company of three staff
// written by the connection of byOkta, the second with its externalId
// "okta-1", and deletes the first two: the second's delete is held.
func (e *surveyEnv) heldWithExternalID() (directory.Company, directory.Actor, []directory.Employee) {
	c, byOkta := e.strictGuard()
	staff := e.staff(c.ID, 3, byOkta)
	e.setExternalID(c.ID, staff[1].ID, "okta-1", byOkta)
	e.deleteBy(c.ID, staff[0].ID, byOkta)
	e.deleteBy(c.ID, staff[1].ID, byOkta)
	return c, byOkta, staff
}

var guardDeleteTests = []test2{
	{"BurstOfDeletesIsHeldAndReleased", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		staff := e.staff(c.ID, 300, directory.Actor{ConnectionID: okta.ID})
		r1 := e.round(c.ID, "After the burst", day(1))
		r2 := e.round(c.ID, "After the release", day(3))

		start := surveyT0.Add(time.Hour)
		at := func(i int) time.Time { return start.Add(time.Duration(i) * time.Second) }
		for i, emp := range staff[:100] {
			e.clk.Set(at(i))
			e.deleteBy(c.ID, emp.ID, request(okta.ID, fmt.Sprintf("r%d", i), directory.OpDelete))
		}
		// 30 (10 % of 300) apply; the next 70 are held from the 31st on.
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 70, Since: at(30)}})
		e.wantGone(c.ID, staff[29])
		e.wantGone(c.ID, staff[99])
		if _, n := e.list(c.ID, directory.EmployeeQuery{Limit: 1}); n != 200 {
			t.Errorf("list total %d; want 200", n)
		}
		page, _, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{EmployeeID: staff[99].ID, Limit: 10})
		if err != nil || len(page) == 0 {
			t.Fatalf("ActivityLog = %v, %v", page, err)
		}
		wantEqual(t, "held delete's log entry", page[0].NotApplied, []directory.NotApplied{directory.GuardDeleteHeld})
		// Its userName is free for a new person.
		other := e.employee(c.ID, staff[98].UserName)

		// The held are still in the audience of a round opening now, and
		// recipients while it is open.
		e.clk.Set(day(1).Add(time.Hour))
		want1 := memberList(append(append([]directory.Employee{}, staff[30:]...), other))
		wantEqual(t, "round 1", e.audience(c.ID, r1.ID), want1)
		wantEqual(t, "round 1 recipients", e.recipients(c.ID, r1.ID, day(1).Add(time.Hour)), want1)
		w := e.why(c.ID, r1.ID, staff[99].ID)
		if !w.Included() || len(w.Holds) != 1 || w.Holds[0].Kind != directory.GuardDelete || w.Holds[0].RequestID != "r99" {
			t.Errorf("why round 1 of a held = %+v; want included, its delete held", w)
		}
		if got := w.HoldText(directory.ActorNames{Connections: map[string]string{okta.ID: "Okta"}}); got !=
			"its delete by Okta at "+at(99).Format(time.RFC3339)+" (request r99) is held by the mass-deactivation guard" {
			t.Errorf("hold text = %q", got)
		}
		// Deleted before round 1 opened: why names the deletion.
		wantEqual(t, "why round 1 of a deleted", e.why(c.ID, r1.ID, staff[0].ID),
			directory.Why{Reason: directory.WhyDeleted, RequestID: "r0",
				Change: directory.StatusChange{EmployeeID: staff[0].ID, At: at(0), ConnectionID: okta.ID}})

		e.clk.Set(day(2))
		e.releaseAll(c.ID, 70)
		e.wantGone(c.ID, staff[99])
		// Round 1 keeps them, deleted now: ids without userNames.
		var gone []string
		for _, emp := range staff[30:100] {
			gone = append(gone, emp.ID+" ")
		}
		wantEqual(t, "round 1 after release", e.audience(c.ID, r1.ID),
			sorted(append(gone, memberList(append(append([]directory.Employee{}, staff[100:]...), other))...)))
		wantEqual(t, "round 2", e.audience(c.ID, r2.ID), memberList(append(append([]directory.Employee{}, staff[100:]...), other)))
		w = e.why(c.ID, r2.ID, staff[99].ID)
		wantEqual(t, "why round 2 of a released", w, directory.Why{Reason: directory.WhyDeleted, RequestID: "r99",
			Change: directory.StatusChange{EmployeeID: staff[99].ID, At: at(99), ConnectionID: okta.ID}})
		if got := w.Text(directory.ActorNames{Connections: map[string]string{okta.ID: "Okta"}}); got !=
			"deleted at "+at(99).Format(time.RFC3339)+" by Okta (request r99)" {
			t.Errorf("why text = %q", got)
		}
		if got := e.get(c.ID, other.ID); got.UserName != staff[98].UserName {
			t.Errorf("the new employee with a released one's userName: %+v", got)
		}
		// The count starts again at the release: the next delete applies.
		e.deleteBy(c.ID, staff[100].ID, request(okta.ID, "r100", directory.OpDelete))
		wantEqual(t, "holds after the next delete", e.holds(c.ID), []directory.GuardSummary(nil))
	}},
	{"HeldInBatchRestoredInBatch", func(t *testing.T, e *surveyEnv) {
		// What a Batch's writes know of their company (whether the guard
		// holds deletes) is what its own earlier calls made it: a delete
		// the guard holds, then the deleting connection's re-create, in
		// one Bulk request, restores the employee.
		c, okta := e.strictGuard()
		staff := e.staff(c.ID, 3, okta)
		back := directory.Employee{ID: directory.NewID(), UserName: staff[1].UserName, Active: true}
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			// A write before the deletes, which no hold concerned.
			if _, err := bt.UpdateEmployee(e.ctx, staff[2].ID, okta, func(u *directory.Employee) error { u.Title = "Lead"; return nil }); err != nil {
				return err
			}
			for _, emp := range staff[:2] { // the second is held
				if err := bt.DeleteEmployee(e.ctx, emp.ID, okta, nil); err != nil {
					return err
				}
			}
			return bt.CreateEmployee(e.ctx, &back, okta)
		})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "re-created", back.ID, staff[1].ID)
	}},
	{"HeldDeleteRestoredByRecreate", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		entra := e.connection(c.ID, "Entra")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		staff := e.staff(c.ID, 30, byOkta) // limit: 25 (the minimum)
		staff[25] = e.update(c.ID, staff[25].ID, func(u *directory.Employee) { u.Title = "Engineer" })
		e.setExternalID(c.ID, staff[24].ID, "okta-24", byOkta)
		for _, emp := range staff[:27] {
			e.deleteBy(c.ID, emp.ID, byOkta)
		}
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 2, Since: surveyT0}})

		// Another connection's create of a held userName is a new person.
		fresh := e.employeeBy(c.ID, staff[26].UserName, directory.Actor{ConnectionID: entra.ID})
		if fresh.ID == staff[26].ID {
			t.Fatalf("another connection's create restored the held employee")
		}
		// The deleting connection's re-create restores, by userName…
		back := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: staff[25].UserName, Active: true, Department: "R&D"}
		if err := e.s.CreateEmployee(e.ctx, &back, request(okta.ID, "r-back", directory.OpCreate)); err != nil {
			t.Fatal(err)
		}
		if back.ID != staff[25].ID || back.Department != "R&D" || !back.Created.Equal(staff[25].Created) {
			t.Errorf("re-create = %+v; want %s restored with the posted values", back, staff[25].ID)
		}
		if back.Title != "Engineer" {
			t.Errorf("title an administrator set = %q; kept as by a PUT of the connection", back.Title)
		}
		hist, err := e.s.StatusHistory(e.ctx, c.ID, back.ID)
		if err != nil || len(hist) != 1 || !hist[0].Active {
			t.Errorf("history of the restored = %+v, %v; want its creation only", hist, err)
		}
		// …or by its externalId of that connection (staff[24]'s delete
		// applied: nothing to restore), and a held one by the same
		// connection's externalId with a new userName.
		wantEqual(t, "holds after the restore", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 1, Since: surveyT0}})
		// The other held one's userName is taken by fresh now: restoring
		// it with that userName conflicts, as a create would.
		dup := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: staff[26].UserName, Active: true}
		wantCode(t, e.s.CreateEmployee(e.ctx, &dup, byOkta), directory.EConflict)
		if _, n, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{Operation: directory.OpGuardRestored}); err != nil || n != 1 {
			t.Errorf("restore log entries = %d, %v; want 1", n, err)
		}
		r := e.round(c.ID, "Later", day(1))
		e.clk.Set(day(1))
		wantEqual(t, "audience", e.audience(c.ID, r.ID),
			memberList(append([]directory.Employee{back, staff[26], fresh}, staff[27:]...)))
	}},
	{"HeldDeleteRestoredByExternalID", func(t *testing.T, e *surveyEnv) {
		c, byOkta, staff := e.heldWithExternalID()
		renamed := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "renamed@example.com", ExternalID: "okta-1", Active: true}
		if err := e.s.CreateEmployee(e.ctx, &renamed, byOkta); err != nil {
			t.Fatal(err)
		}
		if renamed.ID != staff[1].ID || renamed.UserName != "renamed@example.com" {
			t.Errorf("re-create by externalId = %+v; want %s restored", renamed, staff[1].ID)
		}
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary(nil))
	}},
	{"HeldRestoreConflictInBatchFailsAlone", func(t *testing.T, e *surveyEnv) {
		// A re-create that would restore a held employee under a userName
		// another employee has fails in a Batch as a create does: alone,
		// the creates around it stored and the hold kept (on SQLite a
		// Batch's creates set no savepoints: the restore's first write
		// is the one that fails).
		c, byOkta, staff := e.heldWithExternalID()
		wantEqual(t, "holds", len(e.holds(c.ID)), 1)
		before := directory.Employee{ID: directory.NewID(), UserName: "before@example.com", Active: true}
		taken := directory.Employee{ID: directory.NewID(), UserName: staff[2].UserName, ExternalID: "okta-1", Active: true}
		after := directory.Employee{ID: directory.NewID(), UserName: "after@example.com", Active: true}
		outcomes := make([]error, 3)
		err := e.s.Batch(e.ctx, c.ID, func(bt directory.Batch) error {
			for i, emp := range []*directory.Employee{&before, &taken, &after} {
				outcomes[i] = bt.CreateEmployee(e.ctx, emp, byOkta)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, outcomes[1], directory.EConflict)
		for _, i := range []int{0, 2} {
			if outcomes[i] != nil {
				t.Errorf("create %d: %v; want it stored", i, outcomes[i])
			}
		}
		for _, emp := range []directory.Employee{before, after} {
			if _, err := e.s.Employee(e.ctx, c.ID, emp.ID); err != nil {
				t.Errorf("%s: %v; want it stored", emp.UserName, err)
			}
		}
		wantEqual(t, "holds after", len(e.holds(c.ID)), 1)
	}},
	{"HeldDeleteIsNoReferenceTarget", func(t *testing.T, e *surveyEnv) {
		c, byOkta := e.strictGuard()
		staff := e.staff(c.ID, 3, byOkta)
		report := e.employeeBy(c.ID, "report@example.com", byOkta, func(u *directory.Employee) { u.Manager.Value = staff[1].UserName })
		if report.Manager.TargetID != staff[1].ID {
			t.Fatalf("manager not resolved: %+v", report.Manager)
		}
		e.deleteBy(c.ID, staff[0].ID, byOkta)
		e.deleteBy(c.ID, staff[1].ID, byOkta) // held
		wantEqual(t, "holds", len(e.holds(c.ID)), 1)
		if got := e.get(c.ID, report.ID); got.Manager != (directory.Reference{}) {
			t.Errorf("reference to a held-deleted employee = %+v; want cleared as for a delete", got.Manager)
		}
		later := e.employeeBy(c.ID, "later@example.com", directory.Actor{}, func(u *directory.Employee) { u.Manager.Value = staff[1].UserName })
		if later.Manager.TargetID != "" {
			t.Errorf("a new reference resolved to a held-deleted employee: %+v", later.Manager)
		}
		// An administrator's delete is never held, and drops no one's hold.
		e.deleteBy(c.ID, staff[2].ID, directory.Actor{AdminID: "admin"})
		wantEqual(t, "holds after an administrator's delete", len(e.holds(c.ID)), 1)
	}},
}
