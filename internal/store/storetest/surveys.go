package storetest

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
)

// Clock is a settable clock for stores opened by RunSurveys: status
// changes take their times from the store's clock, and survey tests need
// them weeks apart.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// RunSurveys runs the contract of directory.SurveyStore. open returns a
// new, empty store whose clock is now.
func RunSurveys(t *testing.T, open func(t *testing.T, now func() time.Time) directory.Store) {
	runClocked(t, "Surveys/", append(surveyTests, surveyEditTests...), open)
}

// runClocked runs tests on stores whose clock starts at surveyT0.
func runClocked(t *testing.T, prefix string, tests []test2, open func(t *testing.T, now func() time.Time) directory.Store) {
	for _, tc := range tests {
		t.Run(prefix+tc.name, func(t *testing.T) {
			clk := &Clock{t: surveyT0}
			e := opener(func(t *testing.T) directory.Store { return open(t, clk.Now) }).env(t)
			tc.fn(t, &surveyEnv{env: e, clk: clk})
		})
	}
}

var surveyT0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

type surveyEnv struct {
	*env
	clk *Clock
}

func day(n int) time.Time { return surveyT0.Add(time.Duration(n) * 24 * time.Hour) }

func (e *surveyEnv) round(companyID, name string, opens time.Time) directory.SurveyRound {
	e.t.Helper()
	r := directory.SurveyRound{ID: directory.NewID(), CompanyID: companyID, Name: name, OpensAt: opens}
	if err := e.s.CreateSurveyRound(e.ctx, &r); err != nil {
		e.t.Fatalf("CreateSurveyRound: %v", err)
	}
	return r
}

func (e *surveyEnv) setActive(companyID, id string, active bool, by directory.Actor) {
	e.t.Helper()
	if _, err := e.s.UpdateEmployee(e.ctx, companyID, id, by, func(u *directory.Employee) error {
		u.Active = active
		return nil
	}); err != nil {
		e.t.Fatalf("UpdateEmployee: %v", err)
	}
}

// audience returns the round's audience as "id userName" strings, read
// in pages of 2 to exercise the cursor, and checks the size.
func (e *surveyEnv) audience(companyID, roundID string) []string {
	e.t.Helper()
	var out []string
	after := ""
	for {
		page, size, err := e.s.SurveyAudience(e.ctx, companyID, roundID, after, 2)
		if err != nil {
			e.t.Fatalf("SurveyAudience: %v", err)
		}
		for _, m := range page {
			out = append(out, m.EmployeeID+" "+m.UserName)
		}
		if len(page) < 2 {
			if size != len(out) {
				e.t.Errorf("audience size %d; %d members", size, len(out))
			}
			return sorted(out)
		}
		after = page[len(page)-1].EmployeeID
	}
}

func (e *surveyEnv) recipients(companyID, roundID string, at time.Time) []string {
	e.t.Helper()
	page, err := e.s.SurveyRecipients(e.ctx, companyID, roundID, at, "", 1000)
	if err != nil {
		e.t.Fatalf("SurveyRecipients: %v", err)
	}
	var out []string
	for _, m := range page {
		out = append(out, m.EmployeeID+" "+m.UserName)
	}
	return sorted(out)
}

func (e *surveyEnv) why(companyID, roundID, employeeID string) directory.Why {
	e.t.Helper()
	w, err := e.s.SurveyWhy(e.ctx, companyID, roundID, employeeID)
	if err != nil {
		e.t.Fatalf("SurveyWhy: %v", err)
	}
	return w
}

func member(emp directory.Employee) string { return emp.ID + " " + emp.UserName }

var surveyTests = []test2{
	{"ThreeRoundsAWeekApart", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		okta := e.connection(c.ID, "Okta")
		byOkta := directory.Actor{ConnectionID: okta.ID}
		ada := e.employeeBy(c.ID, "ada", byOkta)
		bob := e.employeeBy(c.ID, "bob", byOkta)
		r1 := e.round(c.ID, "Week 1", day(1))
		r2 := e.round(c.ID, "Week 2", day(8))
		r3 := e.round(c.ID, "Week 3", day(15))

		e.clk.Set(day(3))
		e.setActive(c.ID, ada.ID, false, directory.Actor{ConnectionID: okta.ID,
			Request: &directory.RequestInfo{Client: directory.ClientOkta, RequestID: "r_deact", Operation: directory.OpPatch}})
		e.clk.Set(day(10))
		e.setActive(c.ID, ada.ID, true, byOkta)
		e.clk.Set(day(16))

		wantEqual(t, "round 1", e.audience(c.ID, r1.ID), sorted([]string{member(ada), member(bob)}))
		wantEqual(t, "round 2", e.audience(c.ID, r2.ID), []string{member(bob)})
		wantEqual(t, "round 3", e.audience(c.ID, r3.ID), sorted([]string{member(ada), member(bob)}))
		if w := e.why(c.ID, r1.ID, ada.ID); !w.Included() {
			t.Errorf("why round 1 = %+v", w)
		}
		w := e.why(c.ID, r2.ID, ada.ID)
		names, err := directory.LoadActorNames(e.ctx, e.s, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := w.Text(names), "deactivated at 2026-12-04T09:00:00Z by Okta (request r_deact)"; got != want {
			t.Errorf("why round 2 = %q; want %q", got, want)
		}

		// Deactivated during the open round 3: a recipient until then.
		e.clk.Set(day(16).Add(time.Hour))
		e.setActive(c.ID, bob.ID, false, byOkta)
		wantEqual(t, "recipients before", e.recipients(c.ID, r3.ID, day(16).Add(time.Hour-time.Microsecond)), sorted([]string{member(ada), member(bob)}))
		wantEqual(t, "recipients at the deactivation", e.recipients(c.ID, r3.ID, day(16).Add(time.Hour)), []string{member(ada)})
		wantEqual(t, "round 3 audience kept", e.audience(c.ID, r3.ID), sorted([]string{member(ada), member(bob)}))
	}},
	{"FrozenAudienceOutlivesChanges", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada")
		r1 := e.round(c.ID, "Past", day(1))
		e.clk.Set(day(1))
		if n, err := e.s.FreezeDueAudiences(e.ctx, day(1)); err != nil || n != 1 {
			t.Fatalf("FreezeDueAudiences = %d, %v; want 1", n, err)
		}
		if n, err := e.s.FreezeDueAudiences(e.ctx, day(1)); err != nil || n != 0 {
			t.Fatalf("FreezeDueAudiences again = %d, %v; want 0", n, err)
		}
		// Deleted and re-created with the same userName: another person.
		e.clk.Set(day(2))
		if err := e.s.DeleteEmployee(e.ctx, c.ID, ada.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		ada2 := e.employee(c.ID, "ada")
		wantEqual(t, "frozen audience", e.audience(c.ID, r1.ID), []string{ada.ID + " "})
		if w := e.why(c.ID, r1.ID, ada.ID); !w.Included() {
			t.Errorf("why deleted member = %+v", w)
		}
		wantEqual(t, "why re-created", e.why(c.ID, r1.ID, ada2.ID).Reason, directory.WhyCreatedAfter)
		wantEqual(t, "why unknown", e.why(c.ID, r1.ID, "nobody").Reason, directory.WhyNotFound)
		wantEqual(t, "recipients", e.recipients(c.ID, r1.ID, day(2)), []string(nil))
	}},
	{"LazyFreezeOnRead", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada")
		r := e.round(c.ID, "Soon", day(1))
		got, err := e.s.SurveyRound(e.ctx, c.ID, r.ID)
		if err != nil || got.Frozen || got.AudienceSize != 1 {
			t.Fatalf("before opening: %+v, %v", got, err)
		}
		e.clk.Set(day(1)) // opens now: a read freezes it
		if got, _ := e.s.SurveyRound(e.ctx, c.ID, r.ID); !got.Frozen {
			t.Fatalf("not frozen on read: %+v", got)
		}
		e.clk.Set(day(2))
		if err := e.s.DeleteEmployee(e.ctx, c.ID, ada.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "audience", e.audience(c.ID, r.ID), []string{ada.ID + " "})
	}},
	{"ScheduleAndCancel", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		sc := directory.Schedule{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", Start: day(0), EveryWeeks: 2}
		if err := e.s.CreateSurveySchedule(e.ctx, &sc, surveyT0); err != nil {
			t.Fatal(err)
		}
		rounds, err := e.s.SurveyRounds(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var opens []time.Time
		for _, r := range rounds {
			opens = append(opens, r.OpensAt)
		}
		wantEqual(t, "rounds", opens, []time.Time{day(14), day(28), day(42)})
		if err := e.s.CancelSurveyRound(e.ctx, c.ID, rounds[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, err := e.s.ExtendSurveySchedules(e.ctx, surveyT0); err != nil || n != 0 {
			t.Errorf("ExtendSurveySchedules = %d, %v; want 0 (a cancelled round stays cancelled)", n, err)
		}
		e.clk.Set(day(15))
		if n, err := e.s.ExtendSurveySchedules(e.ctx, day(15)); err != nil || n != 1 {
			t.Errorf("ExtendSurveySchedules = %d, %v; want 1", n, err)
		}
		err = e.s.CancelSurveyRound(e.ctx, c.ID, rounds[0].ID)
		wantCode(t, err, directory.EPrecondition)
		wantEqual(t, "why cancelled", e.why(c.ID, rounds[0].ID, "x").Reason, directory.WhyCancelled)
		_, err = e.s.SurveyRound(e.ctx, "other", rounds[0].ID)
		wantCode(t, err, directory.ENotFound)
		bad := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "", OpensAt: day(1)}
		wantCode(t, e.s.CreateSurveyRound(e.ctx, &bad), directory.EInvalid)
	}},
	{"RandomHistoriesMatchReplay", func(t *testing.T, e *surveyEnv) {
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		rng := rand.New(rand.NewPCG(seed, 1))
		c := e.company("Acme")
		conn := e.connection(c.ID, "Okta")
		// The replay knows no mass-deactivation guard: one that never trips.
		if err := e.s.SetGuardPolicy(e.ctx, c.ID, directory.GuardPolicy{Percent: 100, Min: 1 << 30, Window: time.Hour}); err != nil {
			t.Fatal(err)
		}
		minute := func(n int) time.Time { return surveyT0.Add(time.Duration(n) * time.Minute) }
		// Rounds open on the same minute grid as the changes, so that
		// changes exactly at an opening happen.
		var rounds []directory.SurveyRound
		for i := range 6 {
			rounds = append(rounds, e.round(c.ID, "R", minute(rng.IntN(200)+i)))
		}
		history := map[string][]directory.StatusChange{} // live employees
		var ids []string
		for m := 0; m < 200; m++ {
			e.clk.Set(minute(m))
			for range rng.IntN(3) {
				switch k := rng.IntN(10); {
				case k < 3 || len(ids) == 0:
					emp := e.employeeBy(c.ID, "u"+directory.NewID()[:8], directory.Actor{ConnectionID: conn.ID}, func(u *directory.Employee) { u.Active = rng.IntN(4) > 0 })
					ids = append(ids, emp.ID)
					history[emp.ID] = []directory.StatusChange{{Active: emp.Active, At: minute(m)}}
				case k < 9:
					id := ids[rng.IntN(len(ids))]
					h := history[id]
					active := !h[len(h)-1].Active
					e.setActive(c.ID, id, active, directory.Actor{ConnectionID: conn.ID})
					history[id] = append(h, directory.StatusChange{Active: active, At: minute(m)})
				default:
					i := rng.IntN(len(ids))
					if err := e.s.DeleteEmployee(e.ctx, c.ID, ids[i], directory.Actor{}, nil); err != nil {
						t.Fatal(err)
					}
					delete(history, ids[i])
					ids = slices.Delete(ids, i, i+1)
				}
			}
			// Some rounds freeze in the middle of the history, others
			// only when read at the end.
			if m == 100 {
				if _, err := e.s.FreezeDueAudiences(e.ctx, minute(m)); err != nil {
					t.Fatal(err)
				}
			}
		}
		e.clk.Set(minute(300))
		for _, r := range rounds {
			var want []string
			var ids []string
			for id, h := range history {
				if directory.InAudience(h, r.OpensAt) {
					want = append(want, id)
				}
				ids = append(ids, id)
			}
			// A frozen audience keeps the employees deleted since; the
			// replay knows the live ones.
			var got []string
			for _, m := range e.audience(c.ID, r.ID) {
				if id, _, _ := strings.Cut(m, " "); history[id] != nil {
					got = append(got, id)
				}
			}
			wantEqual(t, "audience of round at "+r.OpensAt.Format(time.TimeOnly), sorted(got), sorted(want))
			at := r.OpensAt.Add(time.Duration(rng.IntN(60)) * time.Minute)
			var wantR []string
			for id, h := range history {
				if directory.Recipient(h, r.OpensAt, at) {
					wantR = append(wantR, id)
				}
			}
			var gotR []string
			for _, m := range e.recipients(c.ID, r.ID, at) {
				id, _, _ := strings.Cut(m, " ")
				gotR = append(gotR, id)
			}
			wantEqual(t, "recipients", sorted(gotR), sorted(wantR))
			for _, id := range ids {
				want := directory.Explain(history[id], r.OpensAt)
				got := e.why(c.ID, r.ID, id)
				if got.Reason != want.Reason || !got.Change.At.Equal(want.Change.At) {
					t.Errorf("why %s at %v = %+v; want %+v", id, r.OpensAt, got, want)
				}
			}
		}
	}},
}

type test2 struct {
	name string
	fn   func(t *testing.T, e *surveyEnv)
}
