package logwriter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an io.Writer that keeps what it is given and counts its
// calls; while gate is set, each call first waits for a value from it.
type recorder struct {
	gate  chan struct{}
	mu    sync.Mutex
	buf   bytes.Buffer
	calls int
	fail  error
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.fail != nil {
		return 0, r.fail
	}
	return r.buf.Write(p)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// waitTaken returns once w's goroutine has taken the lines gathered.
func waitTaken(w *Writer) {
	for {
		w.mu.Lock()
		taken := len(w.pending) == 0
		w.mu.Unlock()
		if taken {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// Lines from many goroutines all arrive, each whole, each goroutine's in
// its order, and Close writes what is left.
func TestLinesArriveWholeAndInOrder(t *testing.T) {
	rec := &recorder{}
	w := Behind(rec)
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				fmt.Fprintf(w, "writer=%d line=%d %s\n", g, i, strings.Repeat("x", i%50))
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(rec.String(), "\n"), "\n")
	for _, l := range got {
		var g, i int
		var rest string
		if n, _ := fmt.Sscanf(l, "writer=%d line=%d %s", &g, &i, &rest); n < 2 || (i%50 != 0 && rest != strings.Repeat("x", i%50)) {
			t.Fatalf("torn line %q", l)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d after %d", g, i, next[g]-1)
		}
		next[g]++
	}
	if len(got) != writers*lines {
		t.Errorf("%d lines written, want %d", len(got), writers*lines)
	}
}

// A line's writer does not wait for the write in progress: the lines
// gathered meanwhile go in one write after it.
func TestLinesGatherBehindAWrite(t *testing.T) {
	rec := &recorder{gate: make(chan struct{})}
	w := Behind(rec)
	fmt.Fprintln(w, "first")
	waitTaken(w) // by the goroutine, whose write now waits at the gate
	for i := range 100 {
		fmt.Fprintf(w, "line %d\n", i) // returns although nothing can be written
	}
	close(rec.gate)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if rec.calls != 2 {
		t.Errorf("%d writes for 101 lines, want 2 (the first, then the hundred gathered behind it)", rec.calls)
	}
	if !strings.HasPrefix(rec.String(), "first\nline 0\n") || !strings.HasSuffix(rec.String(), "line 99\n") {
		t.Errorf("written %q…", rec.String()[:40])
	}
}

// Past maxPending bytes gathered, a line's writer waits for the write in
// progress instead of the log growing in memory.
func TestPendingBounded(t *testing.T) {
	rec := &recorder{gate: make(chan struct{})}
	w := Behind(rec)
	w.Write([]byte("first\n"))
	waitTaken(w)
	w.Write(bytes.Repeat([]byte("x"), maxPending))
	returned := make(chan struct{})
	go func() {
		w.Write([]byte("over\n"))
		close(returned)
	}()
	select {
	case <-returned:
		t.Fatal("a write past the bound returned while nothing could be written")
	case <-time.After(50 * time.Millisecond):
	}
	close(rec.gate)
	<-returned
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(rec.String(), "over\n") {
		t.Error("the line past the bound was not written last")
	}
}

// Flush returns once everything before it is written.
func TestFlush(t *testing.T) {
	rec := &recorder{}
	w := Behind(rec)
	defer w.Close()
	for i := range 50 {
		fmt.Fprintf(w, "line %d\n", i)
	}
	w.Flush()
	if !strings.HasSuffix(rec.String(), "line 49\n") {
		t.Errorf("after Flush: %q", rec.String())
	}
}

// A failed write is reported by Close; lines after Close are written
// directly.
func TestErrorsAndAfterClose(t *testing.T) {
	broken := errors.New("disk full")
	rec := &recorder{fail: broken}
	w := Behind(rec)
	w.Write([]byte("lost\n"))
	if err := w.Close(); !errors.Is(err, broken) {
		t.Errorf("Close = %v, want %v", err, broken)
	}
	rec.fail = nil
	if _, err := w.Write([]byte("late\n")); err != nil || rec.String() != "late\n" {
		t.Errorf("after Close: %v, written %q", err, rec.String())
	}
}
