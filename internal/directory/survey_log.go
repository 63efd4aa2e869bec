package directory

import (
	"fmt"
	"time"
)

// The activity log's details of the administrators' survey actions
// (OpSurveyScheduled, OpSurveyEdited, OpSurveyCancelled), the same from
// the console and the command line. Times are UTC, RFC 3339.

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ScheduledDetail: a one-off round scheduled.
func (r SurveyRound) ScheduledDetail() string {
	return fmt.Sprintf("round %q scheduled, opening %s", r.Name, stamp(r.OpensAt))
}

// EditedDetail: the round as an edit left it.
func (r SurveyRound) EditedDetail() string {
	return fmt.Sprintf("round %q edited: opens %s, closes %s", r.Name, stamp(r.OpensAt), stamp(r.ClosesAt))
}

// CancelledDetail: the round cancelled.
func (r SurveyRound) CancelledDetail() string { return fmt.Sprintf("round %q cancelled", r.Name) }

// ScheduledDetail: a schedule created.
func (s Schedule) ScheduledDetail() string {
	return fmt.Sprintf("schedule %q every %s from %s", s.Name, s.Period(), stamp(s.Start))
}

// Period is how often the schedule repeats: "2 weeks", "1 month".
func (s Schedule) Period() string {
	n, unit := s.EveryWeeks, "week"
	if n == 0 {
		n, unit = s.EveryMonths, "month"
	}
	if n != 1 {
		unit += "s"
	}
	return fmt.Sprintf("%d %s", n, unit)
}
