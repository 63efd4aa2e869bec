package httpapi_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

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

// unthrottled leaves the per-company rate limit off (the benchmarks
// measure throughput, not the limiter) and batches connection usage as
// `roster serve` does.
func unthrottled(c *httpapi.Config) { c.RateLimit, c.UsageFlushInterval = 0, time.Second }

// BenchmarkEntraCycleParallel measures what an identity provider's sync
// cycle costs: Entra's matching GET (filter userName eq) followed by a
// PATCH of one attribute, from as many concurrent clients as GOMAXPROCS,
// over HTTP on loopback against a company of 10,000 employees.
func BenchmarkEntraCycleParallel(b *testing.B) {
	e := newEnvConfig(b, unthrottled)
	const n = 10000
	ops := make([]map[string]any, 0, 1000)
	for i := 0; i < n; i++ {
		ops = append(ops, post(fmt.Sprint(i), user(fmt.Sprintf("emp%d@example.com", i), nil)))
		if len(ops) == 1000 {
			if r := e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...)); r.status != http.StatusOK {
				b.Fatalf("seed: %d", r.status)
			}
			ops = ops[:0]
		}
	}
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) % n
			r := e.do("GET", fmt.Sprintf(`/scim/v2/Users?filter=userName+eq+%%22emp%d@example.com%%22`, i), nil)
			if r.status != http.StatusOK || r.body["totalResults"] != float64(1) {
				b.Fatalf("match: %d %s", r.status, r.raw)
			}
			id := r.body["Resources"].([]any)[0].(map[string]any)["id"].(string)
			patch := map[string]any{"Operations": []any{map[string]any{"op": "Replace", "path": "title", "value": fmt.Sprint("T", i)}}}
			if r := e.do("PATCH", "/scim/v2/Users/"+id, patch); r.status != http.StatusOK {
				b.Fatalf("patch: %d %s", r.status, r.raw)
			}
		}
	})
	b.ReportMetric(float64(b.N*2)/b.Elapsed().Seconds(), "req/s")
}
