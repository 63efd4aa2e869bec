package httpapi

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"roster/internal/scim"
)

// Default throttling per company. Entra ID expects a gallery app to
// sustain at least 25 requests per second per tenant; the defaults leave
// room for several identity providers syncing one company at once.
const (
	DefaultRateLimit = 100
	DefaultRateBurst = 300
)

// limiters throttles each company's SCIM traffic with a token bucket, so
// that one company's sync cannot starve the others. Limits hold per
// roster instance.
type limiters struct {
	limit rate.Limit
	burst int
	mu    sync.Mutex
	by    map[string]*rate.Limiter
}

func newLimiters(perSecond float64, burst int) *limiters {
	if perSecond <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = max(int(math.Ceil(perSecond*3)), 1)
	}
	return &limiters{limit: rate.Limit(perSecond), burst: burst, by: map[string]*rate.Limiter{}}
}

// take charges n requests to the company (a Bulk request counts each
// operation, as the provider API does) and returns a 429 error with the
// wait when the company is over its limit; nothing is charged then.
func (l *limiters) take(company string, n int, now time.Time) *rateLimited {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	lim := l.by[company]
	if lim == nil {
		lim = rate.NewLimiter(l.limit, l.burst)
		l.by[company] = lim
	}
	l.mu.Unlock()
	n = min(n, l.burst) // a request larger than the bucket waits for a full one
	r := lim.ReserveN(now, n)
	delay := r.DelayFrom(now)
	if delay == 0 {
		return nil
	}
	r.CancelAt(now)
	return &rateLimited{retryAfter: int(math.Ceil(delay.Seconds())), limit: float64(l.limit)}
}

// rateLimited is a 429 answer with its Retry-After.
type rateLimited struct {
	retryAfter int
	limit      float64
}

func (e *rateLimited) Error() string { return "rate limited" }

func (e *rateLimited) write(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, &scim.Error{Status: http.StatusTooManyRequests, RetryAfter: e.retryAfter,
		Detail: fmt.Sprintf("too many requests for this company (limit %g per second); retry after %d s", e.limit, e.retryAfter)})
}
