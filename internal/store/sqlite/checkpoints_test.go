package sqlite

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
)

// walState reads the WAL index of the database at path as SQLite keeps
// it: the pages in the WAL (mxFrame) and how many of them a checkpoint
// has copied into the database file (nBackfill, in the checkpoint
// information after the header's two copies).
func walState(t *testing.T, path string) (frames, backfilled uint32) {
	t.Helper()
	b, err := os.ReadFile(path + "-shm")
	if err != nil || len(b) < 100 {
		t.Fatalf("reading the WAL index: %d bytes, %v", len(b), err)
	}
	return binary.NativeEndian.Uint32(b[16:]), binary.NativeEndian.Uint32(b[96:])
}

// createOne stores one employee, the i-th, as a write of its own.
func createOne(t *testing.T, s *Store, companyID string, i int) {
	t.Helper()
	e := batchCreate(companyID, fmt.Sprintf("u%d@example.com", i))
	if err := s.CreateEmployee(t.Context(), e, directory.Actor{}); err != nil {
		t.Fatal(err)
	}
}

// The write that takes the WAL past its checkpoint size is answered
// before the checkpoint: SQLite's own, inside the COMMIT, made it wait.
func TestCheckpointAfterTheAnswer(t *testing.T) {
	path := t.TempDir() + "/roster.db"
	s := openAt(t, path, Options{})
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	// Set before any write: the committer reads it after each group.
	s.checkpoints.starting = func() {
		once.Do(func() {
			close(reached)
			<-release
		})
	}
	c := newCompany(t, s)
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	for i := 0; ; i++ {
		if i == 1000 {
			t.Fatal("a thousand writes and the WAL never reached its checkpoint size")
		}
		createOne(t, s, c.ID, i)
		frames, backfilled := walState(t, path)
		if frames < checkpointFrames {
			continue
		}
		// Answered; the checkpoint may not have run.
		if backfilled >= frames {
			t.Fatalf("the write was answered after a checkpoint (%d of %d pages copied)", backfilled, frames)
		}
		break
	}
	select {
	case <-reached:
	case <-time.After(10 * time.Second):
		t.Fatal("no checkpoint after the write that took the WAL past its size")
	}
	close(release)
	for deadline := time.Now().Add(10 * time.Second); ; {
		if frames, backfilled := walState(t, path); backfilled >= frames {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the checkpoint after the answer copied nothing")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The committer's checkpoints keep the WAL about as small as SQLite's
// own did: its backstop, ten times the size, is only a backstop.
func TestCheckpointsKeepTheWALSmall(t *testing.T) {
	path := t.TempDir() + "/roster.db"
	s := openAt(t, path, Options{})
	c := newCompany(t, s)
	largest := uint32(0)
	for i := range 300 {
		createOne(t, s, c.ID, i)
		frames, _ := walState(t, path)
		largest = max(largest, frames)
	}
	if largest >= 2*checkpointFrames {
		t.Errorf("the WAL grew to %d pages; want it checkpointed past %d", largest, checkpointFrames)
	}
}

// While writes wait for the committer (a burst), the WAL is checkpointed
// past busyCheckpointFrames instead of checkpointFrames — its commits
// rewrite many of the same pages, which one checkpoint copies once — and
// once none wait, past checkpointFrames again.
func TestCheckpointsWaitForTheBurstsEnd(t *testing.T) {
	path := t.TempDir() + "/roster.db"
	s := openAt(t, path, Options{})
	// Set before any write: the committer reads it after each group.
	var waiting atomic.Int64
	waiting.Store(1) // as if a write always waited
	s.checkpoints.waiting = func() int { return int(waiting.Load()) }
	c := newCompany(t, s)
	largest := uint32(0)
	for i := 0; largest < checkpointFrames+checkpointFrames/2; i++ {
		if i == 1000 {
			t.Fatal("a thousand writes and the WAL never grew past its checkpoint size")
		}
		createOne(t, s, c.ID, i)
		frames, backfilled := walState(t, path)
		if backfilled > 0 {
			t.Fatalf("checkpointed at %d pages while writes waited; want it past %d", frames, busyCheckpointFrames)
		}
		largest = max(largest, frames)
	}
	// Once none wait, the next group's checkpoint copies the WAL back.
	// A passive checkpoint leaves the frames a reader still reads (the
	// store's own, when a busy machine runs one just then): a later
	// group's copies them.
	// The checkpoint runs after the group's answer: each write is given
	// a second for it before the next.
	waiting.Store(0)
	for i := 1000; !checkpointedWithin(t, path, time.Second); i++ {
		if i == 1010 {
			t.Fatal("no checkpoint after the burst ended")
		}
		createOne(t, s, c.ID, i)
	}
}

// checkpointedWithin reports whether the WAL at path is, or comes within
// d to be, copied back into the database whole.
func checkpointedWithin(t *testing.T, path string, d time.Duration) bool {
	t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if frames, backfilled := walState(t, path); frames > 0 && backfilled >= frames {
			return true
		}
	}
	return false
}
