package directory

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A company's engagement surveys run in rounds. roster does not send
// surveys; it answers who a round is for (its audience, see audience.go)
// from the lifecycle it records, so that a deactivated employee is not
// surveyed beyond the point of deactivation and a reactivated one is
// again.

// DefaultRoundLength is how long a round stays open when no closing time
// is given.
const DefaultRoundLength = 7 * 24 * time.Hour

// UpcomingRounds is how many rounds of a schedule exist ahead of time, so
// that an admin sees (and may cancel) the next ones before they open.
const UpcomingRounds = 3

// SurveyRound is one round of a company's survey.
type SurveyRound struct {
	ID        string
	CompanyID string
	Name      string
	// OpensAt is when the round's audience is taken (and frozen);
	// ClosesAt is when it stops sending.
	OpensAt  time.Time
	ClosesAt time.Time
	// ScheduleID is the schedule that made the round; "" for a one-off.
	ScheduleID string
	Cancelled  bool
	// Frozen is set by the store once the audience is stored for good
	// (at or after OpensAt).
	Frozen bool
	// AudienceSize is filled in by reads: the frozen audience's size, or
	// for a round not yet open the employees active now.
	AudienceSize int
	// Change is the frozen audience's change since the previous round's.
	Change AudienceChange
}

// MaxRoundNameLength bounds a round's name, in characters (the console's
// form says so too).
const MaxRoundNameLength = 200

// maxScheduleNameLength bounds a schedule's name: its rounds are named
// after it and their opening day (Upcoming), within MaxRoundNameLength.
const maxScheduleNameLength = MaxRoundNameLength - len(" "+time.DateOnly)

// Validate checks what a new round must satisfy: a name of at most
// MaxRoundNameLength characters, an opening time, and a closing time
// after it (ClosesAt zero becomes OpensAt + DefaultRoundLength).
func (r *SurveyRound) Validate() error {
	if err := checkRoundName(strings.TrimSpace(r.Name)); err != nil {
		return err
	}
	return r.validateStored()
}

// checkRoundName is the length rule of a round's name, for a name given
// (a new round's, or an edit's): rounds stored before the rule may hold
// longer ones, and stay editable.
func checkRoundName(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxRoundNameLength {
		return Invalid("a round's name may hold at most %d characters; it has %d", MaxRoundNameLength, n)
	}
	return nil
}

// validateStored is Validate but for the name's length.
func (r *SurveyRound) validateStored() error {
	r.Name = strings.TrimSpace(r.Name)
	switch {
	case r.Name == "":
		return Invalid("a survey round needs a name")
	case !StorableText(r.Name):
		return Invalid("the round's name is not storable text")
	case r.OpensAt.IsZero():
		return Invalid("a survey round needs an opening time")
	}
	if r.ClosesAt.IsZero() {
		r.ClosesAt = r.OpensAt.Add(DefaultRoundLength)
	}
	if !r.ClosesAt.After(r.OpensAt) {
		return Invalid("the round closes at %s, not after it opens at %s",
			r.ClosesAt.UTC().Format(time.RFC3339), r.OpensAt.UTC().Format(time.RFC3339))
	}
	return nil
}

// OpenAt reports whether the round is open at t: opened (OpensAt <= t),
// not closed (t < ClosesAt), not cancelled.
func (r SurveyRound) OpenAt(t time.Time) bool {
	return !r.Cancelled && !t.Before(r.OpensAt) && t.Before(r.ClosesAt)
}

// Schedule makes a company's rounds every N weeks or every N months from
// Start. Each round is open for Length (DefaultRoundLength when zero).
type Schedule struct {
	ID        string
	CompanyID string
	Name      string
	Start     time.Time
	Length    time.Duration
	// Exactly one of EveryWeeks and EveryMonths is positive.
	EveryWeeks  int
	EveryMonths int
}

// ParseEvery reads a schedule's period: "2w" (every 2 weeks) or "1m"
// (every month).
func ParseEvery(s string) (weeks, months int, err error) {
	if len(s) >= 2 {
		n, nerr := strconv.Atoi(s[:len(s)-1])
		if nerr == nil && n > 0 && n <= 120 {
			switch s[len(s)-1] {
			case 'w':
				return n, 0, nil
			case 'm':
				return 0, n, nil
			}
		}
	}
	return 0, 0, Invalid("period %q is not N weeks or N months, such as 2w or 1m", s)
}

// Validate checks the schedule and fills in Length.
func (s *Schedule) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	switch {
	case s.Name == "" || !StorableText(s.Name):
		return Invalid("a survey schedule needs a name")
	case utf8.RuneCountInString(s.Name) > maxScheduleNameLength:
		return Invalid("a schedule's name may hold at most %d characters (its rounds add the date to it: %d in all); it has %d",
			maxScheduleNameLength, MaxRoundNameLength, utf8.RuneCountInString(s.Name))
	case s.Start.IsZero():
		return Invalid("a survey schedule needs a start")
	case (s.EveryWeeks > 0) == (s.EveryMonths > 0) || s.EveryWeeks < 0 || s.EveryMonths < 0:
		return Invalid("a survey schedule repeats every N weeks or every N months")
	}
	if s.Length == 0 {
		s.Length = DefaultRoundLength
	}
	if s.Length < 0 {
		return Invalid("a survey round's length must be positive")
	}
	return nil
}

// Occurrence is the opening time of the schedule's k-th round (k = 0 is
// Start). Months are counted from Start, never from the previous round,
// and a day past the month's end is its last day: from January 31, every
// month gives February 28 (or 29), March 31, April 30.
func (s Schedule) Occurrence(k int) time.Time {
	if s.EveryWeeks > 0 {
		return s.Start.AddDate(0, 0, 7*s.EveryWeeks*k)
	}
	y, m, d := s.Start.Date()
	first := time.Date(y, m+time.Month(s.EveryMonths*k), 1, 0, 0, 0, 0, s.Start.Location())
	last := first.AddDate(0, 1, -1).Day()
	hh, mm, ss := s.Start.Clock()
	return time.Date(first.Year(), first.Month(), min(d, last), hh, mm, ss, s.Start.Nanosecond(), s.Start.Location())
}

// Upcoming returns the schedule's next n rounds that open after now
// (strictly), in order, named after the schedule and their opening day.
func (s Schedule) Upcoming(now time.Time, n int) []SurveyRound {
	var out []SurveyRound
	for k := 0; len(out) < n; k++ {
		at := s.Occurrence(k)
		if !at.After(now) {
			continue
		}
		out = append(out, SurveyRound{CompanyID: s.CompanyID, ScheduleID: s.ID,
			Name: s.Name + " " + at.Format(time.DateOnly), OpensAt: at, ClosesAt: at.Add(s.Length)})
	}
	return out
}

// AudienceMember is one employee of a round's audience. UserName is ""
// when the employee has been deleted since the audience was frozen.
type AudienceMember struct {
	EmployeeID string
	UserName   string
}

// SurveyStore keeps survey rounds, schedules and the frozen audiences.
// It is part of Store. Every call is scoped to a company: a round of
// another company is ENotFound.
type SurveyStore interface {
	// CreateSurveyRound stores a one-off round (r.ID set, r validated).
	CreateSurveyRound(ctx context.Context, r *SurveyRound) error
	// CreateSurveySchedule stores s (s.ID set) and its rounds opening
	// within the next UpcomingRounds after now.
	CreateSurveySchedule(ctx context.Context, s *Schedule, now time.Time) error
	// ExtendSurveySchedules makes every schedule have UpcomingRounds
	// rounds opening after now; it returns how many rounds it created.
	ExtendSurveySchedules(ctx context.Context, now time.Time) (int, error)
	// SurveyRounds lists the company's rounds by opening time, with
	// their audience sizes.
	SurveyRounds(ctx context.Context, companyID string) ([]SurveyRound, error)
	SurveyRound(ctx context.Context, companyID, id string) (SurveyRound, error)
	// UpdateSurveyRound edits a round that has not opened yet, in one
	// transaction that locks the round against its freezing: fn gets a
	// copy to change (its name, opening and closing times; the store
	// keeps its id, company, schedule and state whatever fn did), then
	// the result must pass ValidateEdit. EPrecondition when the round has
	// opened, is frozen or cancelled (SurveyRound.Editable); an error of
	// fn is returned as is. A round of a schedule stays the schedule's
	// and keeps its place in it: ExtendSurveySchedules never makes it
	// again where it used to open.
	UpdateSurveyRound(ctx context.Context, companyID, id string, fn func(*SurveyRound) error) (SurveyRound, error)
	// CancelSurveyRound cancels a round that has not opened yet
	// (EPrecondition otherwise).
	CancelSurveyRound(ctx context.Context, companyID, id string) error
	// FreezeDueAudiences stores the audience of every round that has
	// opened by now and is not frozen yet; it returns how many it froze.
	// Reads of an opened round freeze it too, so the result never
	// depends on when this last ran.
	FreezeDueAudiences(ctx context.Context, now time.Time) (int, error)
	// SurveyAudience returns a page of the round's audience in employee
	// id order after the id after ("" from the start), at most limit,
	// and the audience's size.
	SurveyAudience(ctx context.Context, companyID, roundID, after string, limit int) ([]AudienceMember, int, error)
	// SurveyRecipients is the page of the audience active at t.
	SurveyRecipients(ctx context.Context, companyID, roundID string, at time.Time, after string, limit int) ([]AudienceMember, error)
	// SurveyWhy says whether the employee is in the round's audience and
	// if not, why.
	SurveyWhy(ctx context.Context, companyID, roundID, employeeID string) (Why, error)
}
