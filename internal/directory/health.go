package directory

import "context"

// HealthStore tells whether the store can serve requests; the readiness
// endpoint (/readyz) asks it, so that a load balancer sends no traffic to
// an instance whose database is out of reach.
type HealthStore interface {
	// Ready returns nil when the database answers within ctx and its
	// schema is the one this build expects (every migration applied).
	// Otherwise it says why: EUnavailable when the database does not
	// answer, a plain error naming the migrations that are missing.
	Ready(ctx context.Context) error
}
