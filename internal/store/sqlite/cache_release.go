package sqlite

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// The writer's page cache (writerCacheKiB: 32 MiB) is what keeps a large
// company's writes fast, and it stays full when the writes stop: a server
// that seeded a company of a million and then only answered reads (Okta's
// import, lookups) kept 67 MiB resident, the 36 MiB long gone. So
// once the writer has written little for a while after writing much —
// the connections' usage counts, written every second while requests
// come, are little — its cache is released (PRAGMA shrink_memory: its clean pages freed, and the
// memory returned to the operating system); the next writes read what
// they need again, from the operating system's file cache.

// defaultCacheIdle is how long the writer writes little before its cache
// is released (Options.CacheIdle).
const defaultCacheIdle = 10 * time.Second

// A period in which the writer wrote fewer than lightPages pages is idle;
// a cache is worth releasing once heavyPages pages (4 MiB) have been
// written since its last release.
const (
	lightPages = 100
	heavyPages = 1000
)

// releaseIdleCache releases the writer's cache whenever, in a whole period
// of idle, fewer than lightPages pages were written, and at least
// heavyPages since the last release; until ctx ends. released counts the
// releases.
func releaseIdleCache(ctx context.Context, w *sql.DB, idle time.Duration, released *atomic.Int64) {
	// A timer set again after each look: two looks are a whole period
	// apart even when one waited for the writer (a ticker would fire at
	// once after it, as if nothing had been written in between).
	t := time.NewTimer(idle)
	defer t.Stop()
	last, releasedAt := -1, 0
	for ; ; t.Reset(idle) {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		written, err := pagesWritten(ctx, w)
		if err != nil {
			continue // closing: the context ends it
		}
		if last >= 0 && written-last < lightPages && written-releasedAt >= heavyPages {
			if _, err := w.ExecContext(ctx, "PRAGMA shrink_memory"); err == nil {
				releasedAt = written
				released.Add(1)
			}
		}
		last = written
	}
}

// pagesWritten returns how many pages the writer has written since it
// opened.
func pagesWritten(ctx context.Context, w *sql.DB) (written int, err error) {
	conn, err := w.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		written, _, err = dc.(sqlite.DBStatus).Status(sqlite.DBStatusCacheWrite, false)
		return err
	})
	return written, err
}
