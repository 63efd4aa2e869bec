package httpapi

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"roster/internal/directory"
)

// Defaults of the activity queue (see Config).
const (
	DefaultActivityQueue    = 10000
	DefaultActivityBatch    = 500
	DefaultActivityInterval = time.Second
)

// activityQueue writes the log entries that are not part of an employee
// write — refusals, probes, a revoked or paused connection's attempts — in
// batches, by one background writer: one transaction (one sync to disk)
// per batch of up to batch entries or per interval, whichever comes
// first, instead of one per refused request. A client hammering roster
// with bad requests therefore cannot turn each into a disk sync.
//
// The queue is bounded: when it is full (the database is slower than the
// refusals arrive, or it is down), new entries are dropped, counted and
// logged, never waited for: a refusal is answered at once whatever the
// log's state. A batch the store refuses is dropped and counted too.
type activityQueue struct {
	store    directory.ActivityLogStore
	log      *slog.Logger
	size     int
	batch    int
	interval time.Duration

	// queued grows as entries come (no buffer of size entries is held
	// while the log is quiet); wake tells the writer a batch is full.
	mu      sync.Mutex
	queued  []directory.LogEntry
	wake    chan struct{}
	dropped atomic.Int64
	// lastWarned limits the "dropped" warnings to one per interval.
	lastWarned atomic.Int64

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func newActivityQueue(store directory.ActivityLogStore, log *slog.Logger, size, batch int, interval time.Duration) *activityQueue {
	if size <= 0 {
		size = DefaultActivityQueue
	}
	if batch <= 0 {
		batch = DefaultActivityBatch
	}
	if interval <= 0 {
		interval = DefaultActivityInterval
	}
	q := &activityQueue{store: store, log: log, size: size, batch: batch, interval: interval,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go q.run()
	return q
}

// add queues an entry without waiting; a full queue drops it.
func (q *activityQueue) add(e directory.LogEntry) {
	q.mu.Lock()
	full := len(q.queued) >= q.size
	if !full {
		q.queued = append(q.queued, e)
	}
	ready := len(q.queued) >= q.batch
	q.mu.Unlock()
	if full {
		q.drop(1, "queue full")
	}
	if ready {
		select {
		case q.wake <- struct{}{}:
		default:
		}
	}
}

func (q *activityQueue) drop(n int, why string) {
	total := q.dropped.Add(int64(n))
	now := time.Now().UnixNano()
	last := q.lastWarned.Load()
	if now-last >= int64(q.interval) && q.lastWarned.CompareAndSwap(last, now) {
		q.log.Warn("activity log entries dropped", "reason", why, "dropped_total", total)
	}
}

// Dropped is the number of entries dropped since the queue started.
func (q *activityQueue) Dropped() int64 { return q.dropped.Load() }

func (q *activityQueue) run() {
	defer close(q.done)
	tick := time.NewTicker(q.interval)
	defer tick.Stop()
	for {
		// A full batch goes at once; the rest when the interval ends.
		fullOnly := false
		select {
		case <-q.wake:
			fullOnly = true
		case <-tick.C:
		case <-q.stop:
			// Whatever was queued before close goes out too.
			for q.writeBatch(false) {
			}
			return
		}
		for q.writeBatch(fullOnly) {
		}
	}
}

// writeBatch appends up to batch of the oldest queued entries in one
// transaction (nothing, if fullOnly, unless a whole batch is queued);
// it reports whether it wrote any. The entries leave the
// queue when taken: while they are written, the queue has room for as
// many new ones.
func (q *activityQueue) writeBatch(fullOnly bool) bool {
	q.mu.Lock()
	n := min(len(q.queued), q.batch)
	if fullOnly && n < q.batch {
		n = 0
	}
	taken := q.queued[:n:n]
	q.queued = q.queued[n:]
	if len(q.queued) == 0 {
		q.queued = nil // let the backing array go
	}
	q.mu.Unlock()
	if n == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.store.AppendActivity(ctx, taken); err != nil {
		q.log.Error("activity log: write refused entries", "entries", n, "err", err)
		q.drop(n, "store error")
	}
	return true
}

// close writes what is queued and stops the writer.
func (q *activityQueue) close() {
	q.once.Do(func() { close(q.stop) })
	<-q.done
}
