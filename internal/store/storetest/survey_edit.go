package storetest

import (
	"sync"
	"testing"
	"time"

	"roster/internal/directory"
)

// The contract of SurveyStore.UpdateSurveyRound, and of the change of
// audience each frozen round keeps.

// edit applies a RoundEdit to the round through UpdateSurveyRound.
func (e *surveyEnv) edit(companyID, roundID string, ed directory.RoundEdit) (directory.SurveyRound, error) {
	return e.s.UpdateSurveyRound(e.ctx, companyID, roundID, ed.Apply)
}

func at(t time.Time) *time.Time { return &t }
func str(s string) *string      { return &s }

var surveyEditTests = []test2{
	{"Edit/UpcomingRound", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		ada := e.employee(c.ID, "ada")
		r := e.round(c.ID, "Pulse", day(5))
		got, err := e.edit(c.ID, r.ID, directory.RoundEdit{Name: str("  Pulse (moved) "), OpensAt: at(day(2)), ClosesAt: at(day(4))})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "name", got.Name, "Pulse (moved)")
		wantEqual(t, "opens", got.OpensAt, day(2))
		wantEqual(t, "closes", got.ClosesAt, day(4))
		wantEqual(t, "audience size", got.AudienceSize, 1)
		// The audience is taken at the new opening: ada, deactivated
		// between the new and the old one, is in it.
		e.clk.Set(day(3))
		e.setActive(c.ID, ada.ID, false, directory.Actor{})
		wantEqual(t, "audience", e.audience(c.ID, r.ID), []string{member(ada)})
		// A name alone keeps the times.
		r2 := e.round(c.ID, "Later", day(10))
		got, err = e.edit(c.ID, r2.ID, directory.RoundEdit{Name: str("Renamed")})
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "renamed opens", got.OpensAt, day(10))
		wantEqual(t, "renamed closes", got.ClosesAt, day(10).Add(directory.DefaultRoundLength))
	}},
	{"Edit/Refused", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		other := e.company("Other")
		open := e.round(c.ID, "Opened", day(1))
		cancelled := e.round(c.ID, "Cancelled", day(9))
		upcoming := e.round(c.ID, "Upcoming", day(9))
		if err := e.s.CancelSurveyRound(e.ctx, c.ID, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		e.clk.Set(day(1)) // "Opened" opens now: not editable, even unread
		rename := directory.RoundEdit{Name: str("x")}
		_, err := e.edit(c.ID, open.ID, rename)
		wantCode(t, err, directory.EPrecondition)
		// and once it is frozen
		if _, err := e.s.FreezeDueAudiences(e.ctx, day(1)); err != nil {
			t.Fatal(err)
		}
		e.clk.Set(day(2))
		_, err = e.edit(c.ID, open.ID, directory.RoundEdit{OpensAt: at(day(20))})
		wantCode(t, err, directory.EPrecondition)
		_, err = e.edit(c.ID, cancelled.ID, rename)
		wantCode(t, err, directory.EPrecondition)
		_, err = e.edit(c.ID, "nope", rename)
		wantCode(t, err, directory.ENotFound)
		_, err = e.edit(other.ID, upcoming.ID, rename)
		wantCode(t, err, directory.ENotFound)
		// Bad edits: into the past (or now), closing before opening, no name.
		for name, ed := range map[string]directory.RoundEdit{
			"opens in the past": {OpensAt: at(day(1))},
			"opens now":         {OpensAt: at(day(2))},
			"closes first":      {ClosesAt: at(day(8))},
			"closes at opening": {OpensAt: at(day(12)), ClosesAt: at(day(12))},
			"no name":           {Name: str("  ")},
		} {
			_, err = e.edit(c.ID, upcoming.ID, ed)
			if directory.ErrorCode(err) != directory.EInvalid {
				t.Errorf("%s: %v; want EInvalid", name, err)
			}
		}
		got, err := e.s.SurveyRound(e.ctx, c.ID, upcoming.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "untouched after refusals", [3]any{got.Name, got.OpensAt, got.ClosesAt},
			[3]any{"Upcoming", day(9), day(9).Add(directory.DefaultRoundLength)})
		if o, _ := e.s.SurveyRound(e.ctx, c.ID, open.ID); o.Name != "Opened" || !o.OpensAt.Equal(day(1)) {
			t.Errorf("opened round changed: %+v", o)
		}
	}},
	{"Edit/ScheduleRoundStaysTied", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		sc := directory.Schedule{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", Start: day(0), EveryWeeks: 1}
		if err := e.s.CreateSurveySchedule(e.ctx, &sc, surveyT0); err != nil {
			t.Fatal(err)
		}
		rounds, err := e.s.SurveyRounds(e.ctx, c.ID)
		if err != nil || len(rounds) != 3 {
			t.Fatalf("rounds %d, %v", len(rounds), err)
		}
		// Move the first round a day later, and the second onto the
		// fourth occurrence's opening (day 28, not made yet).
		if _, err := e.edit(c.ID, rounds[0].ID, directory.RoundEdit{OpensAt: at(day(8)), ClosesAt: at(day(9))}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.edit(c.ID, rounds[1].ID, directory.RoundEdit{OpensAt: at(day(28)), ClosesAt: at(day(29))}); err != nil {
			t.Fatal(err)
		}
		if n, err := e.s.ExtendSurveySchedules(e.ctx, surveyT0); err != nil || n != 0 {
			t.Errorf("ExtendSurveySchedules = %d, %v; want 0: the moved rounds exist", n, err)
		}
		// A week on, the upcoming occurrences are days 14, 21 and 28, all
		// made: day 14's round now opens on day 28, and day 28 itself is
		// taken by it (one round of a schedule per opening).
		e.clk.Set(day(8))
		if n, err := e.s.ExtendSurveySchedules(e.ctx, day(8)); err != nil || n != 0 {
			t.Errorf("ExtendSurveySchedules a week on = %d, %v; want 0", n, err)
		}
		e.clk.Set(day(15))
		if n, err := e.s.ExtendSurveySchedules(e.ctx, day(15)); err != nil || n != 1 {
			t.Errorf("ExtendSurveySchedules two weeks on = %d, %v; want 1 (day 35)", n, err)
		}
		rounds, err = e.s.SurveyRounds(e.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var opens []time.Time
		for _, r := range rounds {
			if r.ScheduleID != sc.ID {
				t.Errorf("round %s lost its schedule", r.Name)
			}
			opens = append(opens, r.OpensAt)
		}
		wantEqual(t, "openings", opens, []time.Time{day(8), day(21), day(28), day(35)})
		// Moving a round onto another's opening of the same schedule is
		// a conflict, not two rounds at once.
		_, err = e.edit(c.ID, rounds[3].ID, directory.RoundEdit{OpensAt: at(day(28))})
		wantCode(t, err, directory.EConflict)
	}},
	{"Edit/RacesFreeze", func(t *testing.T, e *surveyEnv) {
		// An edit moving a round that is about to open, racing the freeze
		// at its opening: either the edit wins (the round is moved and
		// not frozen) or the freeze does (the edit is refused). Never a
		// moved round frozen with the audience of its old opening.
		c := e.company("Acme")
		e.employee(c.ID, "ada")
		e.clk.Set(day(1).Add(-time.Second))
		for i := range 20 {
			r := e.round(c.ID, "R", day(1))
			var wg sync.WaitGroup
			var editErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, editErr = e.edit(c.ID, r.ID, directory.RoundEdit{OpensAt: at(day(30 + i)), ClosesAt: at(day(31 + i))})
			}()
			go func() {
				defer wg.Done()
				if _, err := e.s.FreezeDueAudiences(e.ctx, day(1)); err != nil {
					t.Error(err)
				}
			}()
			wg.Wait()
			got, err := e.s.SurveyRound(e.ctx, c.ID, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case editErr == nil && (got.Frozen || !got.OpensAt.Equal(day(30+i))):
				t.Fatalf("edit succeeded but the round is %+v", got)
			case editErr != nil && (directory.ErrorCode(editErr) != directory.EPrecondition || !got.Frozen || !got.OpensAt.Equal(day(1))):
				t.Fatalf("edit refused (%v) but the round is %+v", editErr, got)
			}
			if err := e.s.CancelSurveyRound(e.ctx, c.ID, r.ID); err != nil && directory.ErrorCode(err) != directory.EPrecondition {
				t.Fatal(err)
			}
		}
	}},
	{"ChangeSincePreviousRound", func(t *testing.T, e *surveyEnv) {
		c := e.company("Acme")
		e.employee(c.ID, "ada")
		bob := e.employee(c.ID, "bob")
		r1 := e.round(c.ID, "R1", day(1))
		skipped := e.round(c.ID, "Skipped", day(5))
		r2 := e.round(c.ID, "R2", day(8))
		if err := e.s.CancelSurveyRound(e.ctx, c.ID, skipped.ID); err != nil {
			t.Fatal(err)
		}
		e.clk.Set(day(3))
		e.setActive(c.ID, bob.ID, false, directory.Actor{})
		e.employee(c.ID, "carl") // joins
		dan := e.employee(c.ID, "dan")
		e.clk.Set(day(4))
		if err := e.s.DeleteEmployee(e.ctx, c.ID, dan.ID, directory.Actor{}, nil); err != nil {
			t.Fatal(err)
		}
		// Reading round 2 first freezes round 1 before it.
		e.clk.Set(day(9))
		got2, err := e.s.SurveyRound(e.ctx, c.ID, r2.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "round 2 change", got2.Change, directory.AudienceChange{Known: true, Joined: 1, Left: 1})
		got1, err := e.s.SurveyRound(e.ctx, c.ID, r1.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "round 1 frozen", got1.Frozen, true)
		wantEqual(t, "first round change", got1.Change, directory.AudienceChange{})
	}},
}
