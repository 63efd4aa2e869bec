package postgres

import "github.com/jackc/pgx/v5"

// Parallel query off. roster's statements each read a few rows to a few
// thousand through indexes; PostgreSQL still plans some of them (the
// details of a page of 1,000 employees: four index scans of 500 keys)
// with a Gather over parallel workers, whose start costs more than the
// scans: 19 ms where the same statement alone takes 1.1 ms (EXPLAIN
// ANALYZE at a million employees), most of a page of Okta's import. And
// on a server busy with many requests at once, workers only take CPU from
// the others. roster's connections therefore start with
// max_parallel_workers_per_gather=0, unless the URL sets it.
const parallelWorkersParam = "max_parallel_workers_per_gather"

func noParallelQuery(cfg *pgx.ConnConfig) {
	if _, set := cfg.RuntimeParams[parallelWorkersParam]; !set {
		cfg.RuntimeParams[parallelWorkersParam] = "0"
	}
}
