package directory

import (
	"strings"
	"time"
)

// Editing a survey round. Only an upcoming round may change: once it has
// opened its audience is frozen for the opening it had, and moving it
// would make that audience answer for a moment that is not the round's.
// For the same reason an edit may not move a round's opening to now or
// before: the round would open at once with an audience taken for a
// moment already past, which nobody scheduled. Such an edit is refused;
// cancel the round and schedule another instead.

// RoundEdit is a change to a round: the fields that are set replace the
// round's (a JSON merge patch of name, opensAt and closesAt).
type RoundEdit struct {
	Name     *string
	OpensAt  *time.Time
	ClosesAt *time.Time
}

// Empty reports whether the edit changes nothing.
func (e RoundEdit) Empty() bool { return e.Name == nil && e.OpensAt == nil && e.ClosesAt == nil }

// Apply sets the edit's fields on r; it has the shape of
// SurveyStore.UpdateSurveyRound's fn.
func (e RoundEdit) Apply(r *SurveyRound) error {
	if e.Name != nil {
		// The name a client read and sends back unchanged is no new name:
		// a round named before the length rule stays editable by a client
		// that patches back what it read.
		if name := strings.TrimSpace(*e.Name); name != strings.TrimSpace(r.Name) {
			if err := checkRoundName(name); err != nil {
				return err
			}
		}
		r.Name = *e.Name
	}
	if e.OpensAt != nil {
		r.OpensAt = *e.OpensAt
	}
	if e.ClosesAt != nil {
		r.ClosesAt = *e.ClosesAt
	}
	return nil
}

// Editable says whether the round may still change at now: EPrecondition
// once it is cancelled, frozen or opened.
func (r SurveyRound) Editable(now time.Time) error {
	switch {
	case r.Cancelled:
		return Errorf(EPrecondition, "survey round %q was cancelled; schedule a new round instead", r.Name)
	case r.Frozen || !r.OpensAt.After(now):
		return Errorf(EPrecondition, "survey round %q has opened already; its audience is frozen as it was at %s",
			r.Name, r.OpensAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// ValidateEdit checks a round as an edit left it: Validate (but for the
// name's length, which Apply checks of a name it sets), and an opening
// still after now.
func (r *SurveyRound) ValidateEdit(now time.Time) error {
	if err := r.validateStored(); err != nil {
		return err
	}
	if !r.OpensAt.After(now) {
		return Invalid("the round would open at %s, not in the future: a round's audience is taken when it opens",
			r.OpensAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// KeepingBefore is edit, for UpdateSurveyRound, that first keeps the
// round as it was in before: what EditedDetail compares the edit's
// result with, for the activity log.
func KeepingBefore(before *SurveyRound, edit func(*SurveyRound) error) func(*SurveyRound) error {
	return func(r *SurveyRound) error {
		*before = *r
		return edit(r)
	}
}
