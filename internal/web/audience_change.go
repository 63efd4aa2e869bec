package web

import (
	"context"

	"roster/internal/directory"
)

// What changed in the audience since the previous round: who joined
// (in this round's audience, not the previous one's) and who left. Both
// audiences are read in employee id order and merged, so the cost is
// their sizes; it is computed only when both are frozen (a round not yet
// open computes its audience live, a page at a time, far slower) and
// neither is larger than maxChangeAudience.

// maxChangeAudience bounds the audiences whose change a round's page
// computes: reading two audiences of this size takes tens of
// milliseconds.
const maxChangeAudience = 20000

// changePage is how many members one read of an audience returns.
const changePage = 1000

// audienceChange is a round's change since the previous round.
type audienceChange struct {
	// Previous is the previous (not cancelled) round; nil for the first.
	Previous *directory.SurveyRound
	// Computed is false when the change is not computed (see above).
	Computed     bool
	Joined, Left int
}

// previousRound is the latest round, not cancelled, opening before r.
func previousRound(rounds []directory.SurveyRound, r directory.SurveyRound) *directory.SurveyRound {
	var prev *directory.SurveyRound
	for i := range rounds {
		x := rounds[i]
		if x.ID != r.ID && !x.Cancelled && x.OpensAt.Before(r.OpensAt) && (prev == nil || !x.OpensAt.Before(prev.OpensAt)) {
			prev = &rounds[i]
		}
	}
	return prev
}

// audienceChange computes the round's change since the previous round.
func (s *Server) audienceChange(ctx context.Context, r directory.SurveyRound) (audienceChange, error) {
	rounds, err := s.store.SurveyRounds(ctx, r.CompanyID)
	if err != nil {
		return audienceChange{}, err
	}
	c := audienceChange{Previous: previousRound(rounds, r)}
	p := c.Previous
	if p == nil || r.Cancelled || !r.Frozen || !p.Frozen || r.AudienceSize > maxChangeAudience || p.AudienceSize > maxChangeAudience {
		return c, nil
	}
	cur, prev := s.audienceReader(ctx, r), s.audienceReader(ctx, *p)
	a, aok, err := cur()
	if err != nil {
		return c, err
	}
	b, bok, err := prev()
	if err != nil {
		return c, err
	}
	for aok || bok {
		switch {
		case aok && bok && a == b:
			if a, aok, err = cur(); err == nil {
				b, bok, err = prev()
			}
		case aok && (!bok || a < b):
			c.Joined++
			a, aok, err = cur()
		default:
			c.Left++
			b, bok, err = prev()
		}
		if err != nil {
			return c, err
		}
	}
	c.Computed = true
	return c, nil
}

// audienceReader returns the round's audience one employee id at a time,
// in id order, as SurveyAudience pages it; ok is false at the end.
func (s *Server) audienceReader(ctx context.Context, r directory.SurveyRound) func() (id string, ok bool, err error) {
	var page []directory.AudienceMember
	after, done := "", false
	return func() (string, bool, error) {
		if len(page) == 0 && !done {
			var err error
			if page, _, err = s.store.SurveyAudience(ctx, r.CompanyID, r.ID, after, changePage); err != nil {
				return "", false, err
			}
			done = len(page) < changePage
			if len(page) > 0 {
				after = page[len(page)-1].EmployeeID
			}
		}
		if len(page) == 0 {
			return "", false, nil
		}
		id := page[0].EmployeeID
		page = page[1:]
		return id, true, nil
	}
}
