package storetest

import (
	"testing"
	"time"

	"roster/internal/directory"
)

// guardOverviewTests check GuardStore.HeldConnections, which the
// console's banner reads on every page.
var guardOverviewTests = []test2{
	{"HeldConnections", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		quiet := e.company("Globex")
		e.employee(quiet.ID, "hank")
		held := func(companyID string, sample int) []directory.HeldConnection {
			t.Helper()
			got, err := e.s.HeldConnections(e.ctx, companyID, sample)
			if err != nil {
				t.Fatalf("HeldConnections: %v", err)
			}
			return got
		}
		wantEqual(t, "nothing held", held(c.ID, 5), []directory.HeldConnection(nil))
		_, err := e.s.HeldConnections(e.ctx, "nope", 5)
		wantCode(t, err, directory.ENotFound)

		// A strict policy: 3 of 30 may go within the hour.
		if err := e.s.SetGuardPolicy(e.ctx, c.ID, directory.GuardPolicy{Percent: 10, Min: 2, Window: time.Hour}); err != nil {
			t.Fatal(err)
		}
		okta, entra := e.connection(c.ID, "Okta"), e.connection(c.ID, "Microsoft Entra ID")
		staff := e.staff(c.ID, 30, directory.Actor{ConnectionID: okta.ID})
		e.update(c.ID, staff[3].ID, func(emp *directory.Employee) { emp.DisplayName = "Ada Lovelace" })
		e.update(c.ID, staff[4].ID, func(emp *directory.Employee) { emp.Name.GivenName, emp.Name.FamilyName = "Grace", "Hopper" })
		// Entra trips later than Okta but its connection id may sort
		// first: the oldest hold leads all the same.
		for i, emp := range staff[:5] {
			e.clk.Set(surveyT0.Add(time.Duration(i) * time.Second))
			e.setActive(c.ID, emp.ID, false, directory.Actor{ConnectionID: okta.ID})
		}
		for i, emp := range staff[10:14] {
			e.clk.Set(surveyT0.Add(time.Minute + time.Duration(i)*time.Second))
			e.setActive(c.ID, emp.ID, false, directory.Actor{ConnectionID: entra.ID})
		}
		oktaHeld := directory.HeldConnection{ConnectionID: okta.ID, Label: "Okta", Count: 2,
			Kinds: []directory.HeldKind{{Kind: directory.GuardDeactivate, Count: 2}}, Since: surveyT0.Add(3 * time.Second),
			Sample: []directory.HeldEmployee{
				{EmployeeID: staff[3].ID, UserName: "u003", Name: "Ada Lovelace", Kind: directory.GuardDeactivate, At: surveyT0.Add(3 * time.Second)},
				{EmployeeID: staff[4].ID, UserName: "u004", Name: "Grace Hopper", Kind: directory.GuardDeactivate, At: surveyT0.Add(4 * time.Second)},
			}}
		entraHeld := directory.HeldConnection{ConnectionID: entra.ID, Label: "Microsoft Entra ID", Count: 1,
			Kinds: []directory.HeldKind{{Kind: directory.GuardDeactivate, Count: 1}}, Since: surveyT0.Add(time.Minute + 3*time.Second),
			Sample: []directory.HeldEmployee{{EmployeeID: staff[13].ID, UserName: "u013", Name: "u013", Kind: directory.GuardDeactivate,
				At: surveyT0.Add(time.Minute + 3*time.Second)}}}
		wantEqual(t, "held", held(c.ID, 5), []directory.HeldConnection{oktaHeld, entraHeld})

		// The sample is capped (oldest first); none when none is asked.
		oktaHeld.Sample = oktaHeld.Sample[:1]
		got := held(c.ID, 1)
		wantEqual(t, "sample of 1", got, []directory.HeldConnection{oktaHeld, entraHeld})
		for _, h := range held(c.ID, 0) {
			if h.Sample != nil || h.Count == 0 {
				t.Errorf("sample 0: %+v", h)
			}
		}
		wantEqual(t, "another company's", held(quiet.ID, 5), []directory.HeldConnection(nil))

		// Released or reactivated ones are no longer held.
		e.setActive(c.ID, staff[13].ID, true, directory.Actor{ConnectionID: entra.ID})
		e.release(c.ID, okta.ID)
		wantEqual(t, "after release and reactivation", held(c.ID, 5), []directory.HeldConnection(nil))
	}},
}
