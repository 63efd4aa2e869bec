package sqlite

import (
	"context"
	"database/sql"
)

// Checkpoints after the answers. SQLite copies its WAL's pages into the
// database file (a checkpoint, after which the WAL starts over) inside
// the COMMIT that takes the WAL past wal_autocheckpoint's pages: that
// commit's writes — a group of them, a Bulk request's thousand — wait
// for it before their answers, though they were durable before it
// began: in a run of Bulk requests of 1,000 creates, every other
// request's commit took 17 ms instead of 4.5. The writer's own threshold
// is raised to a backstop; the committer checkpoints at SQLite's usual
// threshold after the group's answers are out (sqlstore.Hooks.AfterGroup),
// before it takes the next group — the WAL stays as small as before, and
// the next writers' requests are read meanwhile.
//
// While more writes wait (a sync's burst), it lets the WAL grow to four
// times that first: a checkpoint copies each page once however many
// commits rewrote it, and a burst's commits rewrite the same pages —
// the more so the more companies share them, each company's writes
// reaching its own part of every index (at 500 companies the
// checkpoints were a fifth of the committer's time). Once no write
// waits, the WAL is checkpointed at the usual size, so that readers
// after a burst do not look through a larger one (a WAL kept at 4,000
// pages throughout cost lookups 3–6 % more CPU).

// checkpointFrames is the WAL's size, in pages, past which the committer
// checkpoints after a group: SQLite's default wal_autocheckpoint.
const checkpointFrames = 1000

// backstopFrames is the writer's wal_autocheckpoint: SQLite checkpoints
// inside a COMMIT only past it, should the committer's checkpoints not
// keep the WAL below (the WAL index unreadable, a checkpoint failing).
const backstopFrames = 10 * checkpointFrames

// busyCheckpointFrames is the WAL's size past which the committer
// checkpoints after a group while more writes wait: a burst's commits
// rewrite many of the same pages, which one checkpoint then copies once.
const busyCheckpointFrames = 4 * checkpointFrames

// checkpointer checkpoints the WAL after the committer's groups.
type checkpointer struct {
	index *walIndex
	w     *sql.DB // the writer
	// waiting tells how many writes wait for the committer (nil: none).
	waiting func() int
	// starting, when set (by tests, before any write), runs before
	// each checkpoint.
	starting func()
}

// afterGroup is what the committer runs after each group: a passive
// checkpoint on the writer — which copies what no reader still needs and
// waits for nothing — once the WAL is past checkpointFrames, or past
// busyCheckpointFrames while more writes wait.
func (c *checkpointer) afterGroup() {
	limit := uint32(checkpointFrames)
	if c.waiting != nil && c.waiting() > 0 {
		limit = busyCheckpointFrames
	}
	if h, ok := c.index.header(); !ok || h.frames() < limit {
		return
	}
	if c.starting != nil {
		c.starting()
	}
	// A failure leaves the WAL to the next group's checkpoint, or the
	// backstop's: it loses nothing committed.
	_, _ = c.w.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
}
