package httpapi

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"roster/internal/directory"
)

// usageRecorder counts each connection's requests (for "last used" and the
// console's request counts). With an interval it keeps the counts in
// memory and writes them once per connection per interval: a write per
// request would put a disk sync on every read and make reads queue behind
// the single SQLite writer. Without an interval it writes at once.
type usageRecorder struct {
	store directory.Store
	log   *slog.Logger

	mu       sync.Mutex
	pending  map[string]*usage
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

type usage struct {
	requests int64
	last     time.Time
}

func newUsageRecorder(store directory.Store, log *slog.Logger, interval time.Duration) *usageRecorder {
	u := &usageRecorder{store: store, log: log}
	if interval <= 0 {
		return u
	}
	u.pending, u.stop, u.done = map[string]*usage{}, make(chan struct{}), make(chan struct{})
	go func() {
		defer close(u.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				u.flush()
			case <-u.stop:
				u.flush()
				return
			}
		}
	}()
	return u
}

// record counts one request through connection id at at.
func (u *usageRecorder) record(ctx context.Context, id string, at time.Time) {
	if u.pending == nil {
		if err := u.store.RecordConnectionUse(ctx, id, at, 1); err != nil {
			u.log.Warn("record connection use", "connection", id, "err", err)
		}
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	p := u.pending[id]
	if p == nil {
		p = &usage{}
		u.pending[id] = p
	}
	p.requests++
	if at.After(p.last) {
		p.last = at
	}
}

// flush writes the counted requests; a failed write is logged and the
// counts are kept for the next flush.
func (u *usageRecorder) flush() {
	u.mu.Lock()
	batch := u.pending
	u.pending = map[string]*usage{}
	u.mu.Unlock()
	var down error
	for id, p := range batch {
		err := down
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err = u.store.RecordConnectionUse(ctx, id, p.last, p.requests)
			cancel()
			if err == nil || directory.ErrorCode(err) == directory.ENotFound {
				continue
			}
			u.log.Warn("record connection use", "connection", id, "requests", p.requests, "err", err)
			if directory.ErrorCode(err) == directory.EUnavailable {
				// The rest would wait as long for the same answer (a
				// shutdown during an outage must not take minutes): keep
				// them all for the next flush.
				down = err
			}
		}
		u.mu.Lock()
		q := u.pending[id]
		if q == nil {
			q = &usage{}
			u.pending[id] = q
		}
		q.requests += p.requests
		if p.last.After(q.last) {
			q.last = p.last
		}
		u.mu.Unlock()
	}
}

// close writes what is pending and stops the background writer; calling
// it again does nothing.
func (u *usageRecorder) close() {
	if u.stop == nil {
		return
	}
	u.stopOnce.Do(func() { close(u.stop) })
	<-u.done
}
