package storetest

import (
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
)

// policy is the console's: five attempts, then a 15-minute lock.
var policy = directory.LoginPolicy{Limit: 5, LockFor: 15 * time.Minute}

// reserve reserves an attempt, failing the test on an error.
func (e *env) reserve(email string, at time.Time, p directory.LoginPolicy) (directory.LoginThrottle, bool) {
	e.t.Helper()
	th, ok, err := e.s.ReserveLoginAttempt(e.ctx, email, at, p)
	if err != nil {
		e.t.Fatalf("ReserveLoginAttempt(%q): %v", email, err)
	}
	return th, ok
}

var loginThrottleTests = []test{
	{"LocksAtLimit", func(t *testing.T, e *env) {
		t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		for i := 1; i <= 4; i++ {
			at := t0.Add(time.Duration(i) * time.Second)
			got, ok := e.reserve("Ada@acme.example", at, policy)
			if !ok || got.Failures != i || got.Locked(at) {
				t.Fatalf("attempt %d: %+v, granted %v; want granted, %d counted, not locked", i, got, ok, i)
			}
		}
		at := t0.Add(5 * time.Second)
		got, ok := e.reserve("ADA@acme.example", at, policy)
		if !ok || !got.Locked(at) || !got.LockedUntil.Equal(at.Add(policy.LockFor)) {
			t.Fatalf("attempt 5: %+v, granted %v; want granted and locked for 15 minutes", got, ok)
		}
		stored, err := e.s.LoginThrottle(e.ctx, "ada@ACME.example")
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "stored throttle", stored, got)
		if stored.Locked(at.Add(policy.LockFor)) {
			t.Error("still locked when the lock ends")
		}
		if other, _ := e.s.LoginThrottle(e.ctx, "bob@acme.example"); other != (directory.LoginThrottle{}) {
			t.Errorf("another address: %+v", other)
		}
	}},
	{"RefusedWhileLockedChangesNothing", func(t *testing.T, e *env) {
		t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		var locked directory.LoginThrottle
		for range policy.Limit {
			locked, _ = e.reserve("ada@acme.example", t0, policy)
		}
		got, ok := e.reserve("ada@acme.example", t0.Add(time.Minute), policy)
		if ok {
			t.Fatal("an attempt while locked was granted")
		}
		wantEqual(t, "throttle after a refused attempt", got, locked)
		if stored, _ := e.s.LoginThrottle(e.ctx, "ada@acme.example"); stored != locked {
			t.Errorf("stored %+v; want %+v", stored, locked)
		}
		if _, ok := e.reserve("ada@acme.example", locked.LockedUntil, policy); !ok {
			t.Error("an attempt when the lock ends was refused")
		}
	}},
	{"OldFailuresForgotten", func(t *testing.T, e *env) {
		t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		p := directory.LoginPolicy{Limit: 5, LockFor: time.Minute}
		for range 4 {
			e.reserve("ada@acme.example", t0, p)
		}
		got, ok := e.reserve("ada@acme.example", t0.Add(2*time.Minute), p)
		if !ok || got.Failures != 1 || !got.LockedUntil.IsZero() {
			t.Errorf("attempt after a quiet period: %+v, granted %v; want a count of 1", got, ok)
		}
	}},
	{"ClearForgets", func(t *testing.T, e *env) {
		t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
		for range policy.Limit {
			e.reserve("ada@acme.example", t0, policy)
		}
		if err := e.s.ClearLoginFailures(e.ctx, "ADA@acme.example"); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.s.LoginThrottle(e.ctx, "ada@acme.example"); got != (directory.LoginThrottle{}) {
			t.Errorf("after clearing: %+v", got)
		}
		if err := e.s.ClearLoginFailures(e.ctx, "nobody@acme.example"); err != nil {
			t.Errorf("clearing an address without a record: %v", err)
		}
	}},
	{"InvalidPolicy", func(t *testing.T, e *env) {
		for _, p := range []directory.LoginPolicy{{Limit: 0, LockFor: time.Minute}, {Limit: 5}} {
			_, _, err := e.s.ReserveLoginAttempt(e.ctx, "ada@acme.example", time.Now(), p)
			wantCode(t, err, directory.EInvalid)
		}
	}},
	{"ConcurrentAttemptsAllCount", func(t *testing.T, e *env) {
		now := time.Now()
		p := directory.LoginPolicy{Limit: 10, LockFor: time.Hour}
		concurrently(4, func(int) {
			if _, _, err := e.s.ReserveLoginAttempt(e.ctx, "ada@acme.example", now, p); err != nil {
				t.Error(err)
			}
		})
		if got, _ := e.s.LoginThrottle(e.ctx, "ada@acme.example"); got.Failures != 4 {
			t.Errorf("Failures = %d; want 4", got.Failures)
		}
	}},
	{"ConcurrentAttemptsGrantExactlyLimit", func(t *testing.T, e *env) {
		// A burst for one address, as from many connections or many
		// server instances: the limit holds, not only in sequence.
		now := time.Now()
		var granted atomic.Int32
		concurrently(20, func(int) {
			_, ok, err := e.s.ReserveLoginAttempt(e.ctx, "ada@acme.example", now, policy)
			if err != nil {
				t.Error(err)
			}
			if ok {
				granted.Add(1)
			}
		})
		if got := granted.Load(); got != int32(policy.Limit) {
			t.Errorf("%d of 20 concurrent attempts granted; want %d", got, policy.Limit)
		}
		if got, _ := e.s.LoginThrottle(e.ctx, "ada@acme.example"); !got.Locked(now) {
			t.Errorf("after the burst: %+v; want locked", got)
		}
	}},
	{"ReserveRacesClear", func(t *testing.T, e *env) {
		// A failed sign-in racing a successful one for the same address:
		// whatever the interleaving, neither fails.
		p := directory.LoginPolicy{Limit: 1 << 20, LockFor: time.Hour}
		concurrently(8, func(i int) {
			for range 50 {
				var err error
				if i%2 == 0 {
					var ok bool
					_, ok, err = e.s.ReserveLoginAttempt(e.ctx, "ada@acme.example", time.Now(), p)
					if err == nil && !ok {
						t.Error("an attempt under a limit never reached was refused")
					}
				} else {
					err = e.s.ClearLoginFailures(e.ctx, "ada@acme.example")
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}},
}
