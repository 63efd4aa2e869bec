package directory

import (
	"time"
)

// The audience rule. An employee's status is a sequence of intervals
// given by its status history (StatusChange, oldest first, the first
// being its creation). A change at an instant applies from that instant
// on, so a deactivation exactly at a round's opening counts as before it
// and the employee is not in the round. An employee is identified by id:
// one deleted and re-created with the same userName is another person,
// with a history of its own.

// ActiveAt reports whether the history says the employee is active at t:
// the last change at or before t decides; an employee with no change by
// t did not exist yet.
func ActiveAt(history []StatusChange, t time.Time) bool {
	active := false
	for _, c := range history {
		if c.At.After(t) {
			break
		}
		active = c.Active
	}
	return active
}

// InAudience reports whether the employee belongs to the audience of a
// round opening at opensAt: active at opensAt.
func InAudience(history []StatusChange, opensAt time.Time) bool {
	return ActiveAt(history, opensAt)
}

// Recipient reports whether the employee is a recipient of a round
// opening at opensAt at time t: in its audience and active at t. One
// deactivated during an open round gets nothing more from that moment;
// one created or reactivated during it waits for the next round.
func Recipient(history []StatusChange, opensAt, t time.Time) bool {
	return InAudience(history, opensAt) && ActiveAt(history, t)
}

// Why reasons.
const (
	WhyIncluded      = "included"
	WhyDeactivated   = "deactivated"
	WhyDeleted       = "deleted"
	WhyCreatedAfter  = "created after the round opened"
	WhyNotFound      = "not found (deleted?)"
	WhyNotInAudience = "not in the frozen audience"
	WhyCancelled     = "the round was cancelled"
)

// Why explains whether an employee is in a round's audience.
type Why struct {
	// Reason is one of the Why* constants.
	Reason string
	// Change is the deactivation in force at the opening, for
	// WhyDeactivated; for WhyDeleted, the deletion (Active false).
	Change StatusChange
	// RequestID is the SCIM request that made Change, when the activity
	// log has it.
	RequestID string
	// Holds are the employee's changes that the mass-deactivation guard
	// holds (guard.go): an included employee stays included because of
	// them. Extra detail: Text does not show them (the CLI's contract is
	// "included" or "excluded<TAB>reason"); HoldText does.
	Holds []GuardHold
}

// Included reports whether the employee is in the audience.
func (w Why) Included() bool { return w.Reason == WhyIncluded }

// ExplainDeleted is the Why of an employee deleted (for good: its status
// history went with it) by the deletion d.
func ExplainDeleted(d StatusChange, requestID string) Why {
	return Why{Reason: WhyDeleted, Change: d, RequestID: requestID}
}

// Explain is the Why of an employee for a round opening at opensAt from
// its history (nil when the employee is not found).
func Explain(history []StatusChange, opensAt time.Time) Why {
	switch {
	case len(history) == 0:
		return Why{Reason: WhyNotFound}
	case history[0].At.After(opensAt):
		return Why{Reason: WhyCreatedAfter}
	case InAudience(history, opensAt):
		return Why{Reason: WhyIncluded}
	}
	var last StatusChange
	for _, c := range history {
		if c.At.After(opensAt) {
			break
		}
		last = c
	}
	return Why{Reason: WhyDeactivated, Change: last}
}

// Text is the Why for people, with the evidence: "included", or the
// reason, e.g. "deactivated at 2026-11-30T14:02:00Z by Okta (request
// r_1)". names names the deactivating actor.
func (w Why) Text(names ActorNames) string {
	if w.Reason != WhyDeactivated && w.Reason != WhyDeleted {
		return w.Reason
	}
	return w.Reason + " at " + w.Change.At.UTC().Format(time.RFC3339) + " by " + names.Label(w.Change.By()) + requestNote(w.RequestID)
}

// HoldText says what the guard holds of the employee, for people ("" when
// nothing): "its delete by Okta at 2026-11-30T14:02:00Z (request r_1) is
// held by the mass-deactivation guard".
func (w Why) HoldText(names ActorNames) string {
	s := ""
	for i, h := range w.Holds {
		if i > 0 {
			s += "; "
		}
		what := "deactivation"
		if h.Kind == GuardDelete {
			what = "delete"
		}
		s += "its " + what + " by " + names.Label(Actor{ConnectionID: h.ConnectionID}) + " at " +
			h.At.UTC().Format(time.RFC3339) + requestNote(h.RequestID) + " is held by the mass-deactivation guard"
	}
	return s
}

// requestNote is " (request ID)", or "" without one.
func requestNote(id string) string {
	if id == "" {
		return ""
	}
	return " (request " + id + ")"
}
