package directory

import "context"

// HealthStore tells whether the store can serve requests; the readiness
// endpoint (/readyz) asks it, so that a load balancer sends no traffic to
// an instance whose database is out of reach.
type HealthStore interface {
	// Ready returns nil when the database answers within ctx and its
	// schema is the one this build expects (every migration applied).
	// Otherwise it says why: EUnavailable when the database does not
	// answer, a plain error naming the migrations that are missing, or
	// one that holds NewerDatabase and the migrations a newer build
	// made writing the database need.
	Ready(ctx context.Context) error
}

// NewerDatabase begins the refusal of a database that a newer build
// migrated so that this one must not write it; the migrations it names
// follow, up to a ";". That part may be shown where a driver's message
// may not (readiness probes).
const NewerDatabase = "database migrated by a newer roster: this build lacks migration "
