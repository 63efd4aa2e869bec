package directory

import (
	"context"
	"time"
)

// LoginPolicy is how many sign-in attempts for one email address may fail
// before the address is locked, and for how long.
type LoginPolicy struct {
	// Limit is the number of attempts that may fail; the Limit-th locks.
	Limit int
	// LockFor is how long a lock lasts, and how long a failure is
	// remembered.
	LockFor time.Duration
}

// Validate checks that the policy can lock at all.
func (p LoginPolicy) Validate() error {
	if p.Limit < 1 || p.LockFor <= 0 {
		return Invalid("a sign-in policy needs a positive limit and lock duration")
	}
	return nil
}

// LoginThrottle is the record of sign-in attempts for one email address,
// kept in the store so that a lockout holds across server instances.
//
// An attempt counts as a failure from the moment it is reserved, before
// its password is verified, and a successful sign-in clears the record.
// Counting first is what makes the limit hold under concurrency: were
// failures counted after verification, a burst of attempts would all be
// verified before the first of them was counted.
type LoginThrottle struct {
	// Failures counts the attempts since the last success or lock,
	// including those still being verified.
	Failures int
	// LastFailure is when the last attempt was reserved (zero: none).
	LastFailure time.Time
	// LockedUntil is when sign-in is possible again (zero: not locked).
	LockedUntil time.Time
}

// Locked reports whether sign-in is refused at now.
func (t LoginThrottle) Locked(now time.Time) bool { return now.Before(t.LockedUntil) }

// Reserve counts one attempt at at under policy p and reports whether it
// may go on to verify its password. An attempt while locked is refused
// and changes nothing. Failures older than p.LockFor are forgotten first;
// the p.Limit-th attempt is granted but locks the address until
// at+p.LockFor and restarts the count, so that at most p.Limit passwords
// are verified per address per lock period, however many attempts run
// at once.
func (t *LoginThrottle) Reserve(at time.Time, p LoginPolicy) bool {
	if t.Locked(at) {
		return false
	}
	if at.Sub(t.LastFailure) > p.LockFor {
		t.Failures = 0
	}
	t.Failures++
	t.LastFailure = at
	if t.Failures >= p.Limit {
		t.Failures, t.LockedUntil = 0, at.Add(p.LockFor)
	}
	return true
}

// LoginThrottleStore keeps the sign-in throttle of every email address
// (known as an admin's or not, compared case-insensitively). It is part
// of ConsoleStore.
type LoginThrottleStore interface {
	// LoginThrottle returns the record of an email address; none is the
	// zero value.
	LoginThrottle(ctx context.Context, email string) (LoginThrottle, error)
	// ReserveLoginAttempt applies LoginThrottle.Reserve to the address's
	// record at at, atomically: in one transaction that holds the
	// address's row, across server instances and whatever the
	// concurrency. It returns the record as stored after the attempt and
	// whether the attempt was granted; only a granted attempt may verify
	// a password. An invalid policy is EInvalid. The caller clears the
	// record (ClearLoginFailures) when the password is right and leaves
	// it counted otherwise.
	ReserveLoginAttempt(ctx context.Context, email string, at time.Time, p LoginPolicy) (LoginThrottle, bool, error)
	// ClearLoginFailures forgets the address's attempts (and lock) after
	// a successful sign-in. It may run concurrently with
	// ReserveLoginAttempt for the same address: either order is
	// consistent, and neither fails for it.
	ClearLoginFailures(ctx context.Context, email string) error
}
