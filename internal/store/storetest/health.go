package storetest

import (
	"context"
	"testing"
	"time"

	"roster/internal/directory"
)

var healthTests = []test{
	{"ReadyWhenMigrated", func(t *testing.T, e *env) {
		if err := e.s.Ready(e.ctx); err != nil {
			t.Fatalf("Ready on a freshly opened store: %v", err)
		}
	}},
	{"ReadyHonoursItsContext", func(t *testing.T, e *env) {
		// A probe gives Ready a short deadline; one already past must
		// fail as unavailable, not hang or pass.
		ctx, cancel := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
		defer cancel()
		err := e.s.Ready(ctx)
		if directory.ErrorCode(err) != directory.EUnavailable {
			t.Fatalf("Ready with an expired deadline = %v, want EUnavailable", err)
		}
	}},
}
