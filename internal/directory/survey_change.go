package directory

// AudienceChange is what changed in a round's audience since the
// previous round (the latest round, not cancelled, opening before it):
// how many employees joined (in this audience, not the previous one) and
// how many left. The store counts it once, when it freezes the round
// (rounds freeze in opening order, so the previous one is frozen first),
// and keeps it: both audiences are frozen, so it never changes.
type AudienceChange struct {
	// Known is false for the first round, a round not frozen yet, and a
	// round frozen before roster counted changes.
	Known        bool
	Joined, Left int
}
