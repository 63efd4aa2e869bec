package main

import (
	"context"
	"log/slog"
	"time"

	"roster/internal/directory"
)

// strandedRetry is how long `roster serve` waits to look for stranded
// references again after the database could not answer.
const strandedRetry = time.Minute

// resolveStrandedReferences resolves the database's stranded references
// once, at the server's start (directory/stranded_refs.go): a fault's
// trace, so each found is a warning. A failure (the database not
// answering yet) is tried again until it succeeds or ctx ends.
func resolveStrandedReferences(ctx context.Context, st directory.StrandedReferenceStore, retry time.Duration, log *slog.Logger) {
	for {
		n, err := st.ResolveStrandedReferences(ctx)
		if n > 0 {
			log.Warn("resolved stranded references: pending references that named an employee, left by an earlier fault", "resolved", n)
		}
		if err == nil || ctx.Err() != nil {
			return
		}
		log.Error("stranded references: looking for them failed; trying again", "err", err, "retry_in", retry.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(retry):
		}
	}
}
