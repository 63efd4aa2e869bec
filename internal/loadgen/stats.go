package loadgen

import (
	"slices"
	"sync"
	"time"
)

// latencies collects request durations of one phase from many workers.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// Percentiles of a phase's requests.
type Percentiles struct {
	P50, P95, P99 time.Duration
}

func (l *latencies) percentiles() Percentiles {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return Percentiles{}
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return Percentiles{P50: at(0.50), P95: at(0.95), P99: at(0.99)}
}

// timer starts a stopwatch; calling the result reads it.
func timer() func() time.Duration {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }
}
