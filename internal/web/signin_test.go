package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/web"
)

// verifications counts the console's password verifications, the most
// that ran at once, and can hold each for a while.
type verifications struct {
	calls, inFlight, peak atomic.Int32
}

// countVerifications wraps e's password verification; each call takes
// at least pause, so that concurrent sign-ins overlap.
func countVerifications(e *env, pause time.Duration) *verifications {
	v := &verifications{}
	web.WrapVerify(e.console, func(verify func(string, string) bool) func(string, string) bool {
		return func(pw, hash string) bool {
			v.calls.Add(1)
			n := v.inFlight.Add(1)
			defer v.inFlight.Add(-1)
			for p := v.peak.Load(); n > p && !v.peak.CompareAndSwap(p, n); p = v.peak.Load() {
			}
			time.Sleep(pause)
			return verify(pw, hash)
		}
	})
	return v
}

// signInBurst sends n sign-ins at once, the i-th with email(i) and
// pw(i), and counts the answers by status.
func (b *browser) signInBurst(n int, email, pw func(i int) string) map[int]int {
	b.t.Helper()
	csrf := csrfOf(b.t, b.get("/login").body)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r, err := b.send("POST", "/login", url.Values{"csrf": {csrf}, "email": {email(i)}, "password": {pw(i)}})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				b.t.Error(err)
				return
			}
			statuses[r.status]++
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}

func always(s string) func(int) string { return func(int) string { return s } }

// wantOnly fails when a status outside want answered a burst.
func wantOnly(t *testing.T, what string, statuses map[int]int, want ...int) {
	t.Helper()
	allowed := map[int]bool{}
	for _, s := range want {
		allowed[s] = true
	}
	for s, n := range statuses {
		if !allowed[s] {
			t.Errorf("%s: %d answered %d; want only %v (all: %v)", what, n, s, want, statuses)
		}
	}
}

// TestSignInBurstLocks: sixteen wrong passwords for one address at once
// get at most MaxLoginFailures verifications, as in sequence, and the
// right password after them is refused: the lock is not bypassed by
// concurrency.
func TestSignInBurstLocks(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			e.company("Acme", "ada@acme.example")
			v := countVerifications(e, 20*time.Millisecond)
			b := e.browser()
			statuses := b.signInBurst(16, always("ada@acme.example"), always("wrong password"))
			wantOnly(t, "burst", statuses, http.StatusUnauthorized, http.StatusTooManyRequests)
			if got := v.calls.Load(); got > web.MaxLoginFailures {
				t.Errorf("%d passwords verified for 16 concurrent sign-ins; want at most %d", got, web.MaxLoginFailures)
			}
			r := b.post("/login", url.Values{"csrf": {csrfOf(t, b.get("/login").body)}, "email": {"ada@acme.example"}, "password": {password}})
			wantStatus(t, "right password after the burst", r, http.StatusTooManyRequests)
			wantBody(t, "right password after the burst", r, "Too many failed sign-ins")
		})
	}
}

// TestSignInRightAndWrongRace: right and wrong passwords for one address
// at once, many times over, are answered as sign-ins (signed in, wrong,
// locked), never with a 500.
func TestSignInRightAndWrongRace(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			e.company("Acme", "ada@acme.example")
			for range 5 {
				b := e.browser() // signed out: the sign-in page has a form
				statuses := b.signInBurst(24, always("ada@acme.example"), func(i int) string {
					if i%3 == 0 {
						return "wrong password"
					}
					return password
				})
				wantOnly(t, "right and wrong at once", statuses, http.StatusSeeOther, http.StatusUnauthorized, http.StatusTooManyRequests)
				e.store.ClearLoginFailures(context.Background(), "ada@acme.example")
			}
		})
	}
}

// TestHashingBusy: a sign-in or setup that finds every hashing slot
// taken waits, then gets a 429 page saying to try again, with
// Retry-After, and is not counted as a failed sign-in.
func TestHashingBusy(t *testing.T) {
	e := newEnvConfig(t, func(c *web.Config) {
		c.PasswordMemory = 1 // below one hash: one slot
		c.PasswordWait = 50 * time.Millisecond
	})
	setupURL, err := e.console.FirstRunSetupURL(context.Background(), e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	entered, proceed := make(chan struct{}), make(chan struct{})
	var first sync.Once
	web.WrapVerify(e.console, func(verify func(string, string) bool) func(string, string) bool {
		return func(pw, hash string) bool {
			first.Do(func() { close(entered) })
			<-proceed
			return verify(pw, hash)
		}
	})
	if n := web.HashSlots(e.console); n != 1 {
		t.Fatalf("HashSlots = %d; want 1", n)
	}
	holder := e.browser()
	csrf := csrfOf(t, holder.get("/login").body)
	held := make(chan response)
	go func() {
		r, err := holder.send("POST", "/login", url.Values{"csrf": {csrf}, "email": {"ada@acme.example"}, "password": {"wrong password"}})
		if err != nil {
			t.Error(err)
		}
		held <- r
	}()
	<-entered

	b := e.browser()
	r := b.post("/login", url.Values{"csrf": {csrfOf(t, b.get("/login").body)}, "email": {"bob@acme.example"}, "password": {"wrong password"}})
	wantStatus(t, "sign-in while hashing is busy", r, http.StatusTooManyRequests)
	wantBody(t, "sign-in while hashing is busy", r, "busy", "send the form again")
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q; want 1", got)
	}
	if th, _ := e.store.LoginThrottle(context.Background(), "bob@acme.example"); th.Failures != 0 {
		t.Errorf("a busy sign-in counted against the address: %+v", th)
	}

	path := mustURL(t, setupURL).Path
	csrf = csrfOf(t, b.get(path).body)
	r = b.post("/setup", url.Values{"csrf": {csrf}, "token": {path[len("/setup/"):]}, "company": {"Acme"},
		"email": {"ada@acme.example"}, "password": {password}, "password2": {password}})
	wantStatus(t, "setup while hashing is busy", r, http.StatusTooManyRequests)
	wantBody(t, "setup while hashing is busy", r, "busy", "Acme")

	close(proceed)
	wantStatus(t, "the sign-in that held the slot", <-held, http.StatusUnauthorized)
	r = b.post("/login", url.Values{"csrf": {csrfOf(t, b.get("/login").body)}, "email": {"bob@acme.example"}, "password": {"wrong password"}})
	wantStatus(t, "sign-in when hashing is free", r, http.StatusUnauthorized)
}

// heapInUse is the runtime's HeapInuse, read without stopping the world.
func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64() + s[1].Value.Uint64()
}

// TestSignInMemoryBounded: 200 concurrent sign-ins at the real argon2id
// cost keep the heap within a few hashes' memory (each costs 19 MiB;
// unbounded, 200 would take 3.8 GiB), because no more hashes than the
// gate's slots ever run at once; the others are turned away with 429.
//
// The gate bounds the hash memory live at once, slots × 19 MiB. The
// heap also holds finished hashes' buffers until the collector frees
// them: with the default GOGC=100, up to as much again as is live (and a
// 19 MiB allocation can overshoot the collector's goal by itself). So
// the bound is twice (slots+2) hashes: measured, about 130 MiB on a busy
// two-core machine, against gigabytes without the gate.
func TestSignInMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes at the real cost")
	}
	e := newEnvConfig(t, func(c *web.Config) {
		c.PasswordParams = nil // DefaultPasswordParams
		c.PasswordWait = time.Second
	})
	slots := web.HashSlots(e.console)
	perHash := uint64(web.DefaultPasswordParams.Memory) << 10
	if slots != 3 {
		t.Errorf("HashSlots = %d; want 3 (64 MiB / 19 MiB)", slots)
	}
	v := countVerifications(e, 0)
	b := e.browser()
	unknown := func(i int) string { return fmt.Sprintf("nobody%d@acme.example", i) }
	b.signInBurst(1, unknown, always("wrong password")) // the dummy hash, made once

	runtime.GC()
	base := heapInUse()
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			if h := heapInUse(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	statuses := b.signInBurst(200, unknown, always("wrong password"))
	close(stop)
	<-stopped

	wantOnly(t, "200 sign-ins", statuses, http.StatusUnauthorized, http.StatusTooManyRequests)
	growth := peak.Load() - min(base, peak.Load())
	t.Logf("%d slots; answers %v; heap grew by at most %d MiB; %d hashes at most at once", slots, statuses, growth>>20, v.peak.Load())
	if bound := 2 * uint64(slots+2) * perHash; growth >= bound {
		t.Errorf("heap grew by %d MiB during 200 sign-ins; want below %d MiB (2 × (slots+2) × %d MiB)", growth>>20, bound>>20, perHash>>20)
	}
	if got := v.peak.Load(); got > int32(slots) {
		t.Errorf("%d password hashes ran at once; want at most %d", got, slots)
	}
	if statuses[http.StatusUnauthorized] == 0 {
		t.Error("no sign-in was checked")
	}
}
