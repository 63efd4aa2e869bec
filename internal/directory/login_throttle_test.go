package directory_test

import (
	"testing"
	"time"

	"roster/internal/directory"
)

func TestLoginThrottleReserve(t *testing.T) {
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	p := directory.LoginPolicy{Limit: 3, LockFor: 10 * time.Minute}
	tests := []struct {
		name    string
		before  directory.LoginThrottle
		at      time.Time
		granted bool
		after   directory.LoginThrottle
	}{
		{"FirstAttemptCounts", directory.LoginThrottle{}, t0,
			true, directory.LoginThrottle{Failures: 1, LastFailure: t0}},
		{"CountsUp", directory.LoginThrottle{Failures: 1, LastFailure: t0}, t0.Add(time.Minute),
			true, directory.LoginThrottle{Failures: 2, LastFailure: t0.Add(time.Minute)}},
		{"LimitthIsGrantedAndLocks", directory.LoginThrottle{Failures: 2, LastFailure: t0}, t0.Add(time.Minute),
			true, directory.LoginThrottle{Failures: 0, LastFailure: t0.Add(time.Minute), LockedUntil: t0.Add(11 * time.Minute)}},
		{"RefusedWhileLocked", directory.LoginThrottle{LastFailure: t0, LockedUntil: t0.Add(10 * time.Minute)}, t0.Add(9 * time.Minute),
			false, directory.LoginThrottle{LastFailure: t0, LockedUntil: t0.Add(10 * time.Minute)}},
		{"GrantedWhenLockEnds", directory.LoginThrottle{LastFailure: t0, LockedUntil: t0.Add(10 * time.Minute)}, t0.Add(10 * time.Minute),
			true, directory.LoginThrottle{Failures: 1, LastFailure: t0.Add(10 * time.Minute), LockedUntil: t0.Add(10 * time.Minute)}},
		{"StaleFailuresForgotten", directory.LoginThrottle{Failures: 2, LastFailure: t0}, t0.Add(11 * time.Minute),
			true, directory.LoginThrottle{Failures: 1, LastFailure: t0.Add(11 * time.Minute)}},
		{"FailuresWithinPeriodKept", directory.LoginThrottle{Failures: 1, LastFailure: t0}, t0.Add(10 * time.Minute),
			true, directory.LoginThrottle{Failures: 2, LastFailure: t0.Add(10 * time.Minute)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.before
			if granted := got.Reserve(tc.at, p); granted != tc.granted {
				t.Errorf("granted = %v; want %v", granted, tc.granted)
			}
			if got != tc.after {
				t.Errorf("after = %+v; want %+v", got, tc.after)
			}
		})
	}
}

// TestLoginThrottleLimitPerLockPeriod: a stream of attempts at one
// instant gets exactly Limit grants, then refusals until the lock ends.
func TestLoginThrottleLimitPerLockPeriod(t *testing.T) {
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	p := directory.LoginPolicy{Limit: 5, LockFor: 15 * time.Minute}
	var th directory.LoginThrottle
	granted := 0
	for range 100 {
		if th.Reserve(t0, p) {
			granted++
		}
	}
	if granted != p.Limit {
		t.Errorf("%d of 100 attempts granted; want %d", granted, p.Limit)
	}
	if !th.Reserve(t0.Add(p.LockFor), p) {
		t.Error("refused when the lock ends")
	}
}

func TestLoginPolicyValidate(t *testing.T) {
	for _, p := range []directory.LoginPolicy{{}, {Limit: 5}, {LockFor: time.Minute}, {Limit: -1, LockFor: time.Minute}} {
		if directory.ErrorCode(p.Validate()) != directory.EInvalid {
			t.Errorf("%+v: want EInvalid", p)
		}
	}
	if err := (directory.LoginPolicy{Limit: 5, LockFor: time.Minute}).Validate(); err != nil {
		t.Error(err)
	}
}
