// Package health serves the probes a load balancer or Kubernetes asks
// before sending traffic to a roster instance:
//
//   - GET /healthz (liveness): 200 while the process serves requests; 503
//     once it is shutting down. It never asks the database, so an outage
//     of the database does not get healthy instances restarted.
//   - GET /readyz (readiness): 200 when the store answers a ping and every
//     migration of this build is applied; 503 with a short JSON reason
//     otherwise (database unavailable, migrations missing, shutting down),
//     so that traffic goes to instances that can serve it.
//
// Both are unauthenticated and outside /scim/v2; they reveal no more than
// whether the instance can serve.
package health

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"roster/internal/directory"
)

// Paths of the probes.
const (
	LivePath  = "/healthz"
	ReadyPath = "/readyz"
)

// Defaults of Checker.
const (
	// DefaultTimeout bounds one readiness check: a probe must answer
	// before the load balancer's own timeout, typically 1 to 5 seconds.
	DefaultTimeout = 2 * time.Second
	// DefaultCacheFor is how long a readiness result is reused, so that
	// probes from many load balancers, or an anonymous flood of them,
	// reach the database at most once a second.
	DefaultCacheFor = time.Second
)

// Checker answers the probes for one instance.
type Checker struct {
	store    directory.HealthStore
	log      *slog.Logger
	timeout  time.Duration
	cacheFor time.Duration

	stopping atomic.Bool

	mu      sync.Mutex
	checked time.Time // when last is from; zero: never
	last    error
}

// New returns a Checker asking store; log receives why the instance is
// not ready (nil: slog.Default()).
func New(store directory.HealthStore, log *slog.Logger) *Checker {
	if log == nil {
		log = slog.Default()
	}
	return &Checker{store: store, log: log, timeout: DefaultTimeout, cacheFor: DefaultCacheFor}
}

// ShuttingDown makes both probes answer 503 from now on: the load
// balancer stops sending new requests while those in flight finish.
func (c *Checker) ShuttingDown() { c.stopping.Store(true) }

// Handler answers the probe paths and passes every other request to next.
func (c *Checker) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case LivePath:
			c.serve(w, r, c.live)
		case ReadyPath:
			c.serve(w, r, c.ready)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// probeResult is a probe's JSON body.
type probeResult struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

func (c *Checker) serve(w http.ResponseWriter, r *http.Request, probe func(context.Context) probeResult) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	res := probe(r.Context())
	status := http.StatusOK
	if res.Status != "ok" && res.Status != "ready" {
		status = http.StatusServiceUnavailable
	}
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		_ = json.NewEncoder(w).Encode(res)
	}
}

func (c *Checker) live(context.Context) probeResult {
	if c.stopping.Load() {
		return probeResult{Status: "stopping", Reason: "shutting down"}
	}
	return probeResult{Status: "ok"}
}

func (c *Checker) ready(ctx context.Context) probeResult {
	if c.stopping.Load() {
		return probeResult{Status: "stopping", Reason: "shutting down"}
	}
	if err := c.check(ctx); err != nil {
		return probeResult{Status: "unavailable", Reason: reason(err)}
	}
	return probeResult{Status: "ready"}
}

// check asks the store, or reuses an answer younger than cacheFor.
// Concurrent probes wait for one check instead of each asking.
func (c *Checker) check(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.checked.IsZero() && time.Since(c.checked) < c.cacheFor {
		return c.last
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	err := c.store.Ready(ctx)
	if err != nil && ctx.Err() == context.Canceled {
		return err // the prober went away: not an answer worth keeping
	}
	if err != nil && (c.last == nil || c.checked.IsZero()) {
		c.log.Warn("not ready", "err", err)
	} else if err == nil && c.last != nil {
		c.log.Info("ready again")
	}
	c.checked, c.last = time.Now(), err
	return err
}

// reason is the short, secret-free reason a probe shows: never the
// driver's message, which may name hosts and users.
func reason(err error) string {
	if directory.ErrorCode(err) == directory.EUnavailable {
		return "database unavailable"
	}
	msg := err.Error()
	if i := strings.Index(msg, "migrations not applied: "); i >= 0 {
		return msg[i:]
	}
	if i := strings.Index(msg, directory.NewerDatabase); i >= 0 {
		reason, _, _ := strings.Cut(msg[i:], ";")
		return reason
	}
	return "store not ready"
}
