package web

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestHashSlots(t *testing.T) {
	for _, c := range []struct {
		memory int64
		p      PasswordParams
		want   int
	}{
		{DefaultPasswordMemory, DefaultPasswordParams, 3},
		{1 << 30, DefaultPasswordParams, 53},
		{19 << 20, DefaultPasswordParams, 1},
		{1, DefaultPasswordParams, 1}, // below one hash: still one
		{DefaultPasswordMemory, PasswordParams{Memory: 64, Time: 1, Threads: 1}, 1024},
		{DefaultPasswordMemory, PasswordParams{}, 1},
	} {
		if got := hashSlots(c.memory, c.p); got != c.want {
			t.Errorf("hashSlots(%d, %+v) = %d; want %d", c.memory, c.p, got, c.want)
		}
	}
}

// TestHashGate: slots are handed out up to the limit; the next waits
// for a release, else gives up after the wait or with its context.
func TestHashGate(t *testing.T) {
	g := newHashGate(2, 100*time.Millisecond)
	ctx := context.Background()
	r1, err1 := g.acquire(ctx)
	_, err2 := g.acquire(ctx)
	if err1 != nil || err2 != nil {
		t.Fatalf("two slots: %v, %v", err1, err2)
	}
	if _, err := g.acquire(ctx); !errors.Is(err, errHashingBusy) {
		t.Errorf("third: %v; want errHashingBusy", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.acquire(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v; want context.Canceled", err)
	}
	go r1()
	if _, err := g.acquire(ctx); err != nil {
		t.Errorf("after a release: %v", err)
	}
}
