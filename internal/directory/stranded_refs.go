package directory

import "context"

// A reference waits (pending) only while no employee of its company
// matches its value: every employee write resolves the pending references
// it now matches (see CreateEmployee). A reference left pending although
// an employee matches it is stranded — the write that should have
// resolved it did not — and no later write of that employee looks for it
// again; it resolves only at its own employee's next write.
//
// Stranded references come from a fault, never from the rules: builds
// before the twenty-sixth round's fix (df3acd8) left them in Bulk loads
// where more than 64 references were pending (docs/performance-history.md). `roster serve` looks for them
// at every start and resolves them, so that such a fault heals, and says
// how many it found.

// StrandedReferenceStore finds and resolves stranded references.
type StrandedReferenceStore interface {
	// ResolveStrandedReferences resolves every stranded reference of
	// every company, as the write that stranded it should have: to the
	// employee its value names now (by id, else userName, else email,
	// else externalId; the oldest within a rank; never the referrer
	// itself), the referrer's version and modification time moved and
	// its activity recording the change by roster itself. It returns how
	// many it resolved.
	ResolveStrandedReferences(ctx context.Context) (int, error)
}
