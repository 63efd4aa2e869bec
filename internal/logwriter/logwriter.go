// Package logwriter writes a server's log lines behind the requests that
// log them.
//
// Every SCIM request logs a line when it ends, and written directly each
// line is a system call of its own on the request's path, before its
// answer leaves (the line is logged as the handler returns; the answer is
// sent after). Behind copies the line and returns; one goroutine writes
// what has gathered, all of it in one call, as soon as the call before
// has returned. A line waits only while the line before it is being
// written: an idle server writes each at once, a busy one several per
// system call.
//
// What a crash loses is what was gathered during the last write — the
// lines of requests whose answers were sent meanwhile; the activity log,
// in the database, keeps every employee write regardless, in the write's
// own transaction.
package logwriter

import (
	"io"
	"sync"
)

// maxPending bounds the bytes gathered: past it a line's writer waits for
// the write in progress, as it would for a slow log written directly,
// rather than the server holding an unbounded log in memory.
const maxPending = 1 << 20

// Writer is an io.Writer that writes behind its callers; see the package
// comment. Close writes what is left.
type Writer struct {
	w io.Writer

	mu      sync.Mutex
	wake    *sync.Cond // the goroutine: lines are pending, or closed
	room    *sync.Cond // writers: the pending lines were taken
	pending []byte
	// gathered and written count the bytes taken in and written out,
	// for Flush.
	gathered, written int64
	closed            bool
	err               error // the first failed write
	done              chan struct{}
}

// Behind returns a Writer writing to w from a goroutine of its own.
func Behind(w io.Writer) *Writer {
	b := &Writer{w: w, done: make(chan struct{})}
	b.wake, b.room = sync.NewCond(&b.mu), sync.NewCond(&b.mu)
	go b.run()
	return b
}

// Write gathers p (whole: a slog handler writes a line a call) to be
// written. After Close it writes p directly.
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	for len(b.pending) >= maxPending && !b.closed {
		b.room.Wait()
	}
	if b.closed {
		b.mu.Unlock()
		<-b.done // after the lines gathered before it
		return b.w.Write(p)
	}
	b.pending = append(b.pending, p...)
	b.gathered += int64(len(p))
	b.wake.Signal()
	b.mu.Unlock()
	return len(p), nil
}

// run writes the gathered lines until the Writer is closed and nothing
// is left.
func (b *Writer) run() {
	defer close(b.done)
	var spare []byte
	for {
		b.mu.Lock()
		for len(b.pending) == 0 && !b.closed {
			b.wake.Wait()
		}
		if len(b.pending) == 0 {
			b.mu.Unlock()
			return
		}
		lines := b.pending
		b.pending = spare[:0]
		b.room.Broadcast()
		b.mu.Unlock()

		_, err := b.w.Write(lines)
		b.mu.Lock()
		if err != nil && b.err == nil {
			b.err = err
		}
		b.written += int64(len(lines))
		b.room.Broadcast()
		b.mu.Unlock()
		spare = lines
	}
}

// Flush returns once the lines gathered before it are written: a
// server's lines from its start, before it says it is ready.
func (b *Writer) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for target := b.gathered; b.written < target; {
		b.room.Wait()
	}
}

// Close writes the lines still gathered and returns the first error of
// any write behind. Lines written after it are written directly.
func (b *Writer) Close() error {
	b.mu.Lock()
	b.closed = true
	b.wake.Signal()
	b.room.Broadcast()
	b.mu.Unlock()
	<-b.done
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}
