package httpapi

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"roster/internal/directory"
)

// usageRecorder counts each connection's requests (for "last used" and the
// console's request counts). With an interval it keeps the counts in
// memory and writes them all once per interval, in one write per
// usageChunk connections: a write per request would put a disk sync on
// every read and make reads queue behind the single SQLite writer, and a
// write per connection a sync for each of an operator's thousand
// companies' connections every interval. Without an interval it writes
// at once.
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
	u.add(id, at, 1)
}

// add counts requests through connection id, the last at at, for the
// next flush. u.mu is held.
func (u *usageRecorder) add(id string, at time.Time, requests int64) {
	p := u.pending[id]
	if p == nil {
		p = &usage{}
		u.pending[id] = p
	}
	p.requests += requests
	if at.After(p.last) {
		p.last = at
	}
}

// usageChunk bounds the connections recorded in one write: one write
// of every connection a busy server's second saw would hold the writer
// from the employee writes for as long as it takes.
const usageChunk = 256

// flush writes the counted requests, usageChunk connections a write, in
// the connections' order (so that two instances' writes on PostgreSQL
// lock the rows they share in the same order); a failed write is logged
// and its counts kept for the next flush.
func (u *usageRecorder) flush() {
	u.mu.Lock()
	batch := u.pending
	u.pending = map[string]*usage{}
	u.mu.Unlock()
	uses := make([]directory.ConnectionUse, 0, len(batch))
	for id, p := range batch {
		uses = append(uses, directory.ConnectionUse{ConnectionID: id, At: p.last, Requests: p.requests})
	}
	slices.SortFunc(uses, func(a, b directory.ConnectionUse) int { return strings.Compare(a.ConnectionID, b.ConnectionID) })
	for len(uses) > 0 {
		chunk := uses[:min(usageChunk, len(uses))]
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := u.store.RecordConnectionsUse(ctx, chunk)
		cancel()
		if err == nil {
			uses = uses[len(chunk):]
			continue
		}
		u.log.Warn("record connection use", "connections", len(chunk), "err", err)
		if directory.ErrorCode(err) != directory.EUnavailable {
			// Kept for the next flush; the others may go.
			u.keep(chunk)
			uses = uses[len(chunk):]
			continue
		}
		// The rest would wait as long for the same answer (a shutdown
		// during an outage must not take minutes): keep them all for
		// the next flush.
		u.keep(uses)
		return
	}
}

// keep adds uses back to what the next flush writes.
func (u *usageRecorder) keep(uses []directory.ConnectionUse) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range uses {
		u.add(p.ConnectionID, p.At, p.Requests)
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
