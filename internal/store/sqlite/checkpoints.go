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

// checkpointFrames is the WAL's size, in pages, past which the committer
// checkpoints after a group: SQLite's default wal_autocheckpoint.
const checkpointFrames = 1000

// backstopFrames is the writer's wal_autocheckpoint: SQLite checkpoints
// inside a COMMIT only past it, should the committer's checkpoints not
// keep the WAL below (the WAL index unreadable, a checkpoint failing).
const backstopFrames = 10 * checkpointFrames

// checkpointer checkpoints the WAL after the committer's groups.
type checkpointer struct {
	index *walIndex
	w     *sql.DB // the writer
	// starting, when set (by tests, before any write), runs before
	// each checkpoint.
	starting func()
}

// afterGroup is what the committer runs after each group: a passive
// checkpoint on the writer — which copies what no reader still needs and
// waits for nothing — once the WAL is past checkpointFrames.
func (c *checkpointer) afterGroup() {
	if h, ok := c.index.header(); !ok || h.frames() < checkpointFrames {
		return
	}
	if c.starting != nil {
		c.starting()
	}
	// A failure leaves the WAL to the next group's checkpoint, or the
	// backstop's: it loses nothing committed.
	_, _ = c.w.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
}
