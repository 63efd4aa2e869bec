package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// RunGuard runs the contract of directory.GuardStore and of the guard in
// the employee writes. open returns a new, empty store whose clock is
// now.
func RunGuard(t *testing.T, open func(t *testing.T, now func() time.Time) directory.Store) {
	runClocked(t, "Guard/", append(append(guardTests, guardDeleteTests...), guardOverviewTests...), open)
}

// staff creates n active employees of the company by the connection.
func (e *surveyEnv) staff(companyID string, n int, by directory.Actor) []directory.Employee {
	e.t.Helper()
	out := make([]directory.Employee, n)
	for i := range out {
		out[i] = e.employeeBy(companyID, fmt.Sprintf("u%03d", i), by)
	}
	return out
}

func (e *surveyEnv) holds(companyID string) []directory.GuardSummary {
	e.t.Helper()
	h, err := e.s.GuardHolds(e.ctx, companyID)
	if err != nil {
		e.t.Fatalf("GuardHolds: %v", err)
	}
	return directory.SummarizeHolds(h)
}

func (e *surveyEnv) release(companyID, connectionID string) int {
	e.t.Helper()
	n, err := e.s.ReleaseGuardHolds(e.ctx, companyID, connectionID, directory.Actor{})
	if err != nil {
		e.t.Fatalf("ReleaseGuardHolds: %v", err)
	}
	return n
}

// releaseAll releases every hold of the company, wanting n released,
// none left and a log entry for each.
func (e *surveyEnv) releaseAll(companyID string, n int) {
	e.t.Helper()
	if got := e.release(companyID, ""); got != n {
		e.t.Errorf("released %d; want %d", got, n)
	}
	wantEqual(e.t, "holds after release", e.holds(companyID), []directory.GuardSummary(nil))
	if _, got, err := e.s.ActivityLog(e.ctx, companyID, directory.ActivityQuery{Operation: directory.OpGuardReleased}); err != nil || got != n {
		e.t.Errorf("release log entries = %d, %v; want %d", got, err, n)
	}
}

// members returns the employees as audience members.
func memberList(list []directory.Employee) []string {
	var out []string
	for _, emp := range list {
		out = append(out, member(emp))
	}
	return sorted(out)
}

var guardTests = []test2{
	{"BurstIsHeldAndReleased", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		staff := e.staff(c.ID, 300, byOkta)
		r1 := e.round(c.ID, "After the burst", day(1))
		r2 := e.round(c.ID, "After the release", day(3))

		start := surveyT0.Add(time.Hour)
		for i, emp := range staff[:100] {
			e.clk.Set(start.Add(time.Duration(i) * time.Second))
			e.setActive(c.ID, emp.ID, false, directory.Actor{ConnectionID: okta.ID,
				Request: &directory.RequestInfo{Client: directory.ClientOkta, RequestID: fmt.Sprintf("r%d", i), Operation: directory.OpPatch}})
		}
		// 30 (10 % of 300) apply; the next 70 are held from the 31st on.
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 70, Since: start.Add(30 * time.Second)}})
		if got := e.get(c.ID, staff[99].ID); got.Active {
			t.Errorf("held employee shown active in the directory")
		}
		page, _, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{EmployeeID: staff[99].ID, Limit: 10})
		if err != nil || len(page) == 0 {
			t.Fatalf("ActivityLog = %v, %v", page, err)
		}
		wantEqual(t, "held write's log entry", page[0].NotApplied, []directory.NotApplied{{Attribute: "active", Reason: directory.GuardHeld}})
		for emp, want := range map[string]int{staff[99].ID: 1, staff[0].ID: 0, "no-such-employee": 0} {
			if holds, err := e.s.EmployeeGuardHolds(e.ctx, c.ID, emp); err != nil || len(holds) != want ||
				want == 1 && (holds[0].Kind != directory.GuardDeactivate || holds[0].ConnectionID != okta.ID) {
				t.Errorf("EmployeeGuardHolds(%s) = %+v, %v; want %d", emp, holds, err, want)
			}
		}
		// Before r1 opens, its audience holds the held, and its size
		// counts them (audience checks the size against the members).
		wantEqual(t, "round 1 before it opens", e.audience(c.ID, r1.ID), memberList(staff[30:]))

		// Released after r1 opened, before it was read: r1 keeps the held.
		e.clk.Set(day(2))
		e.releaseAll(c.ID, 70)
		wantEqual(t, "round 1", e.audience(c.ID, r1.ID), memberList(staff[30:]))
		wantEqual(t, "round 2", e.audience(c.ID, r2.ID), memberList(staff[100:]))
		wantEqual(t, "why round 2", e.why(c.ID, r2.ID, staff[99].ID).Reason, directory.WhyDeactivated)
		if n := e.release(c.ID, ""); n != 0 {
			t.Errorf("released again %d; want 0", n)
		}
		// The release is in the log, naming the connection as people
		// know it.
		released, _, err := e.s.ActivityLog(e.ctx, c.ID, directory.ActivityQuery{EmployeeID: staff[99].ID, Operation: directory.OpGuardReleased, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(released) != 1 || !strings.HasPrefix(released[0].Detail, `deactivation by "Okta" (connection `+okta.ID+`)`) {
			t.Errorf("log after the release: %+v", released)
		}
	}},
	{"SlowTrickleNeverTrips", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		staff := e.staff(c.ID, 100, byOkta) // limit: 25 (the minimum)
		// 20 an hour for 4 hours: never 25 within an hour.
		for i, emp := range staff[:80] {
			e.clk.Set(surveyT0.Add(time.Duration(i/20)*61*time.Minute + time.Duration(i%20)*time.Minute))
			e.setActive(c.ID, emp.ID, false, byOkta)
		}
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary(nil))
		r := e.round(c.ID, "Later", day(1))
		wantEqual(t, "audience", e.audience(c.ID, r.ID), memberList(staff[80:]))
	}},
	{"ReactivationClearsHold", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		staff := e.staff(c.ID, 30, byOkta)
		for _, emp := range staff[:27] {
			e.setActive(c.ID, emp.ID, false, byOkta)
		}
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 2, Since: surveyT0}})
		e.setActive(c.ID, staff[26].ID, true, byOkta)
		wantEqual(t, "holds after reactivation", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 1, Since: surveyT0}})
		hist, err := e.s.StatusHistory(e.ctx, c.ID, staff[26].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || !hist[0].Active {
			t.Errorf("history of the reactivated held employee = %+v; want its creation only", hist)
		}
		if n := e.release(c.ID, "another"); n != 0 {
			t.Errorf("released another connection's holds: %d", n)
		}
		if n := e.release(c.ID, okta.ID); n != 1 {
			t.Errorf("released %d; want 1", n)
		}
		r := e.round(c.ID, "Later", day(1))
		e.clk.Set(day(1))
		wantEqual(t, "audience", e.audience(c.ID, r.ID), memberList(append(staff[26:27:27], staff[27:]...)))
	}},
	{"PolicyPerCompany", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		p, err := e.s.GuardPolicy(e.ctx, c.ID)
		if err != nil || p != directory.DefaultGuardPolicy {
			t.Fatalf("default policy = %+v, %v", p, err)
		}
		strict := directory.GuardPolicy{Percent: 5, Min: 2, Window: 2 * time.Hour}
		if err := e.s.SetGuardPolicy(e.ctx, c.ID, strict); err != nil {
			t.Fatal(err)
		}
		wantCode(t, e.s.SetGuardPolicy(e.ctx, c.ID, directory.GuardPolicy{Percent: 0, Min: 2, Window: time.Hour}), directory.EInvalid)
		if p, err := e.s.GuardPolicy(e.ctx, c.ID); err != nil || p != strict {
			t.Errorf("policy = %+v, %v; want %+v", p, err, strict)
		}
		okta := e.connection(c.ID, "Okta")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		staff := e.staff(c.ID, 10, byOkta)
		for _, emp := range staff[:3] {
			e.setActive(c.ID, emp.ID, false, byOkta)
		}
		wantEqual(t, "holds", e.holds(c.ID), []directory.GuardSummary{{ConnectionID: okta.ID, Count: 1, Since: surveyT0}})
		_, err = e.s.GuardPolicy(e.ctx, "nope")
		wantCode(t, err, directory.ENotFound)
		_, err = e.s.GuardHolds(e.ctx, "nope")
		wantCode(t, err, directory.ENotFound)
	}},
}
