package postgres

import "github.com/jackc/pgx/v5"

// plannerSettings are the settings of PostgreSQL's planner that roster's
// connections start with, each unless the URL sets it (a URL's own
// setting, e.g. ?max_parallel_workers_per_gather=2, wins).
var plannerSettings = []struct{ name, value string }{
	// Parallel query off. roster's statements each read a few rows to a
	// few thousand through indexes; PostgreSQL still plans some of them
	// (the details of a page of 1,000 employees: four index scans of 500
	// keys) with a Gather over parallel workers, whose start costs more
	// than the scans: 19 ms where the same statement alone takes 1.1 ms
	// (EXPLAIN ANALYZE at a million employees), most of a page of Okta's
	// import. And on a server busy with many requests at once, workers
	// only take CPU from the others.
	{"max_parallel_workers_per_gather", "0"},
	// A random page read costs about what a sequential one does: the
	// default 4 is for spinning disks, PostgreSQL's documentation suggests
	// 1.1 for SSDs and for data that fits in memory. With 4, in a
	// database of 20,000 employees the details of a page of Okta's import
	// were read by scanning every employee's emails and external ids and
	// hashing 500 keys (11 ms a statement) rather than seeking the 500
	// (2 ms). Okta's import of that database, alternating runs: 13,698–
	// 16,408 → 22,538–26,719 employees/s, the sync, updates and lookups
	// alike.
	{"random_page_cost", "1.1"},
	// JIT compilation off. PostgreSQL compiles a statement whose
	// estimated cost passes jit_above_cost (100,000) to machine code
	// first, which pays off over minutes of analytical work; roster's
	// largest reads take milliseconds to a few hundred. The read of a
	// database's stranded references (stranded_refs.go: 25,049 pending in
	// a company of 50,000) took 2,041 ms with it and 212 without, 1.8 s
	// of it compiling.
	{"jit", "off"},
}

// applyPlannerSettings adds plannerSettings to cfg's runtime parameters
// where the URL did not set them.
func applyPlannerSettings(cfg *pgx.ConnConfig) {
	for _, s := range plannerSettings {
		defaultParam(cfg, s.name, s.value)
	}
}

// defaultParam sets a runtime parameter of roster's connections unless
// the URL set it: a URL's own setting wins over roster's (planner
// settings here, timeouts in timeouts.go).
func defaultParam(cfg *pgx.ConnConfig, name, value string) {
	if _, set := cfg.RuntimeParams[name]; !set {
		cfg.RuntimeParams[name] = value
	}
}
