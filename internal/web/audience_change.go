package web

import (
	"context"

	"roster/internal/directory"
)

// What changed in the audience since the previous round: who joined (in
// this round's audience, not the previous one's) and who left. The store
// counts it when it freezes the round (directory.AudienceChange); the
// round's page names the previous round it compares with.

// audienceChange is a round's change since the previous round.
type audienceChange struct {
	// Previous is the previous (not cancelled) round; nil for the first.
	Previous *directory.SurveyRound
}

// previousRound is the latest round of the company, not cancelled,
// opening before r (nil when none): the one the store compared r's
// audience with.
func (s *Server) previousRound(ctx context.Context, r directory.SurveyRound) (*directory.SurveyRound, error) {
	rounds, err := s.store.SurveyRounds(ctx, r.CompanyID)
	if err != nil {
		return nil, err
	}
	var prev *directory.SurveyRound
	for i := range rounds {
		x := rounds[i]
		if x.ID != r.ID && !x.Cancelled && x.OpensAt.Before(r.OpensAt) && (prev == nil || !x.OpensAt.Before(prev.OpensAt)) {
			prev = &rounds[i]
		}
	}
	return prev, nil
}
