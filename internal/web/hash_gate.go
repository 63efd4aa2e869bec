package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Password hashing is the one expensive thing an unauthenticated request
// can make the server do: argon2id is built to cost memory (19 MiB a
// hash at DefaultPasswordParams), and the console shares its process
// with the SCIM API. A few hundred concurrent sign-ins, unbounded, would
// take gigabytes. The gate bounds how many hashes run at once.

const (
	// DefaultPasswordMemory is the memory password hashing may use at
	// once when Config.PasswordMemory is 0: three hashes at the default
	// cost.
	DefaultPasswordMemory = 64 << 20
	// DefaultPasswordWait is how long a request waits for a hashing slot
	// when Config.PasswordWait is 0.
	DefaultPasswordWait = 2 * time.Second
)

// errHashingBusy is a request that waited for a hashing slot in vain.
var errHashingBusy = errors.New("web: every password hashing slot is busy")

// hashGate is a semaphore of password hashing slots.
type hashGate struct {
	slots chan struct{}
	wait  time.Duration
}

// hashSlots is how many hashes of cost p fit in memory bytes; at least
// one, so that a budget below one hash still lets sign-in work.
func hashSlots(memory int64, p PasswordParams) int {
	perHash := int64(p.Memory) << 10
	n := int64(1)
	if perHash > 0 && memory/perHash > 1 {
		n = memory / perHash
	}
	return int(n)
}

func newHashGate(slots int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, slots), wait: wait}
}

// acquire takes a slot, waiting up to g.wait (and no longer than ctx
// lives); errHashingBusy when none came free. release gives the slot
// back and must be called exactly once.
func (g *hashGate) acquire(ctx context.Context) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
		return nil, errHashingBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// hashingBusyMessage is shown, with status 429, to a form whose password
// could not be hashed in time.
const hashingBusyMessage = "roster is busy checking other sign-ins right now. Nothing was changed; wait a few seconds and send the form again."

// hashingBusy sets Retry-After on a 429 for a request that found no
// hashing slot (a whole wait: by then the burst has likely passed) and
// returns the message its form page shows.
func (s *Server) hashingBusy(w http.ResponseWriter, r *http.Request, err error) string {
	s.log.Warn("console password hashing busy", "request_id", requestID(r), "path", r.URL.Path, "err", err)
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.hashes.wait.Round(time.Second)/time.Second))))
	return hashingBusyMessage
}
