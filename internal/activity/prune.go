// Package activity keeps the activity log within its retention: a
// background pruner deletes old entries in small batches.
package activity

import (
	"context"
	"log/slog"
	"time"

	"roster/internal/directory"
)

// Defaults of `roster serve`: entries are kept DefaultRetention; the
// pruner runs at start and every DefaultEvery, deleting at most
// DefaultBatch entries per transaction with DefaultPause between.
const (
	DefaultRetention = 90 * 24 * time.Hour
	DefaultEvery     = time.Hour
	DefaultBatch     = 1000
	DefaultPause     = 50 * time.Millisecond
)

// Pruner deletes the entries older than Retention. Each batch is one
// short transaction of at most Batch rows, with Pause between batches, so
// that SCIM writes (which wait for the same writer on SQLite) are never
// held up for long.
type Pruner struct {
	Store     directory.ActivityLogStore
	Retention time.Duration
	Batch     int
	Pause     time.Duration
	Every     time.Duration
	Now       func() time.Time
	Log       *slog.Logger
}

// Once deletes everything older than the retention, batch by batch, and
// returns how many entries went.
func (p *Pruner) Once(ctx context.Context) (int, error) {
	now, batch := time.Now, p.Batch
	if p.Now != nil {
		now = p.Now
	}
	if batch <= 0 {
		batch = DefaultBatch
	}
	cut := now().Add(-p.Retention)
	total := 0
	for {
		n, err := p.Store.PruneActivity(ctx, cut, batch)
		total += n
		if err != nil || n < batch {
			return total, err
		}
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(p.Pause):
		}
	}
}

// Run prunes at once and then every Every until ctx ends.
func (p *Pruner) Run(ctx context.Context) {
	every := p.Every
	if every <= 0 {
		every = DefaultEvery
	}
	log := p.Log
	if log == nil {
		log = slog.Default()
	}
	for {
		if n, err := p.Once(ctx); err != nil && ctx.Err() == nil {
			log.Warn("activity log: pruning failed; will retry", "err", err)
		} else if n > 0 {
			log.Info("activity log: pruned old entries", "entries", n, "retention", p.Retention.String())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// ParseRetention reads a retention: a Go duration ("2160h") or a number
// of days ("90d").
func ParseRetention(s string) (time.Duration, error) {
	if d, ok := parseDays(s); ok {
		return d, nil
	}
	return time.ParseDuration(s)
}

func parseDays(s string) (time.Duration, bool) {
	if len(s) < 2 || s[len(s)-1] != 'd' {
		return 0, false
	}
	n := 0
	for _, c := range s[:len(s)-1] {
		if c < '0' || c > '9' || n > 1e6 {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return time.Duration(n) * 24 * time.Hour, true
}
