package directory

import (
	"fmt"
	"strings"
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

// EditedDetail: what an edit changed of the round, before it and r
// after: `round "Pulse 2" edited: name "Pulse" → "Pulse 2"; opens … → …`.
func (r SurveyRound) EditedDetail(before SurveyRound) string {
	var changes []string
	if r.Name != before.Name {
		changes = append(changes, fmt.Sprintf("name %q → %q", before.Name, r.Name))
	}
	for _, t := range []struct {
		what          string
		before, after time.Time
	}{{"opens", before.OpensAt, r.OpensAt}, {"closes", before.ClosesAt, r.ClosesAt}} {
		if !t.after.Equal(t.before) {
			changes = append(changes, fmt.Sprintf("%s %s → %s", t.what, stamp(t.before), stamp(t.after)))
		}
	}
	if len(changes) == 0 {
		return fmt.Sprintf("round %q edited: nothing changed", r.Name)
	}
	return fmt.Sprintf("round %q edited: %s", r.Name, strings.Join(changes, "; "))
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
