package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"roster/internal/httpapi"
)

// BenchmarkProvision1000 compares provisioning 1,000 employees with one
// Bulk request against 1,000 single POSTs, over real HTTP on loopback and
// a real SQLite file (every commit waits for fsync).
func BenchmarkProvision1000(b *testing.B) {
	const n = 1000
	b.Run("Bulk", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			e := newEnvConfig(b, unthrottled)
			ops := make([]map[string]any, n)
			for j := range ops {
				ops[j] = post(fmt.Sprint(j), user(fmt.Sprintf("u%d-%d@example.com", i, j), nil))
			}
			req := bulkReq(0, ops...)
			b.StartTimer()
			r := e.do("POST", "/scim/v2/Bulk", req)
			if r.status != http.StatusOK {
				b.Fatalf("bulk: %d %s", r.status, r.raw)
			}
		}
	})
	b.Run("SinglePOSTs", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			e := newEnvConfig(b, unthrottled)
			b.StartTimer()
			for j := 0; j < n; j++ {
				if r := e.do("POST", "/scim/v2/Users", user(fmt.Sprintf("u%d-%d@example.com", i, j), nil)); r.status != http.StatusCreated {
					b.Fatalf("post: %d %s", r.status, r.raw)
				}
			}
		}
	})
}

// unthrottled turns the per-company rate limit off: the benchmarks measure
// throughput, not the limiter.
func unthrottled(c *httpapi.Config) { c.RateLimit = -1 }
