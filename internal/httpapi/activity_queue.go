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
	batch    int
	interval time.Duration

	ch      chan directory.LogEntry
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
	q := &activityQueue{store: store, log: log, batch: batch, interval: interval,
		ch: make(chan directory.LogEntry, size), stop: make(chan struct{}), done: make(chan struct{})}
	go q.run()
	return q
}

// add queues an entry without waiting; a full queue drops it.
func (q *activityQueue) add(e directory.LogEntry) {
	select {
	case q.ch <- e:
	default:
		q.drop(1, "queue full")
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
	pending := make([]directory.LogEntry, 0, q.batch)
	for {
		select {
		case e := <-q.ch:
			pending = append(pending, e)
			if len(pending) >= q.batch {
				pending = q.write(pending)
			}
		case <-tick.C:
			pending = q.write(pending)
		case <-q.stop:
			// Whatever was queued before close goes out too.
			for {
				select {
				case e := <-q.ch:
					pending = append(pending, e)
					if len(pending) >= q.batch {
						pending = q.write(pending)
					}
					continue
				default:
				}
				break
			}
			q.write(pending)
			return
		}
	}
}

// write appends the pending entries in one transaction and returns the
// emptied slice.
func (q *activityQueue) write(pending []directory.LogEntry) []directory.LogEntry {
	if len(pending) == 0 {
		return pending
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.store.AppendActivity(ctx, pending); err != nil {
		q.log.Error("activity log: write refused entries", "entries", len(pending), "err", err)
		q.drop(len(pending), "store error")
	}
	return pending[:0]
}

// close writes what is queued and stops the writer.
func (q *activityQueue) close() {
	q.once.Do(func() { close(q.stop) })
	<-q.done
}
