package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"roster/internal/store/testbackends"
)

// statementCounter is a store that counts the statements it runs
// (sqlstore.Store.Statements).
type statementCounter interface{ Statements() int64 }

// BenchmarkRoundTrips reports the statements the store runs per SCIM
// request — on PostgreSQL, its round trips, begin and commit included —
// for the requests of an Entra sync and an Okta import, as
// "statements/op" (time is reported too, but this is about the count):
//
//	go test -run='^$' -bench=RoundTrips -benchtime=200x ./internal/httpapi
func BenchmarkRoundTrips(b *testing.B) {
	for _, backend := range testbackends.Names {
		b.Run(backend, func(b *testing.B) {
			e := newEnvOn(b, backend, unthrottled)
			st, ok := e.store.(statementCounter)
			if !ok {
				b.Skip("the store does not count statements")
			}
			seq := 0
			create := func() string {
				seq++
				r := e.do("POST", "/scim/v2/Users", user(fmt.Sprintf("rt%d@example.com", seq), nil))
				if r.status != http.StatusCreated {
					b.Fatalf("create: %d %s", r.status, r.raw)
				}
				return r.body["id"].(string)
			}
			id := create()
			for range 200 {
				create()
			}
			patch := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
				"Operations": []map[string]any{{"op": "Replace", "path": "title", "value": "x"}}}
			requests := []struct {
				name string
				do   func(i int) int
			}{
				{"POST", func(int) int { create(); return http.StatusCreated }},
				{"PATCH", func(i int) int {
					patch["Operations"].([]map[string]any)[0]["value"] = fmt.Sprint("t", i)
					return e.do("PATCH", "/scim/v2/Users/"+id, patch).status
				}},
				{"GET-filter", func(i int) int {
					return e.do("GET", "/scim/v2/Users?filter="+url.QueryEscape(fmt.Sprintf(`userName eq "rt%d@example.com"`, i%200+1)), nil).status
				}},
				{"GET-id", func(int) int { return e.do("GET", "/scim/v2/Users/"+id, nil).status }},
				{"GET-page100", func(int) int { return e.do("GET", "/scim/v2/Users?startIndex=1&count=100", nil).status }},
			}
			// A Bulk request of bulkOps creates counts per create: its
			// statements/op is what one Bulk operation costs.
			const bulkOps = 100
			requests = append(requests, struct {
				name string
				do   func(i int) int
			}{"Bulk-create", func(i int) int {
				if i%bulkOps != 0 {
					return http.StatusOK // the request below created this one
				}
				ops := make([]map[string]any, bulkOps)
				for k := range ops {
					seq++
					ops[k] = post(fmt.Sprint("b", k), user(fmt.Sprintf("rt%d@example.com", seq), nil))
				}
				return e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...)).status
			}})
			for _, rq := range requests {
				b.Run(rq.name, func(b *testing.B) {
					before := st.Statements()
					for i := 0; b.Loop(); i++ {
						if code := rq.do(i); code >= 300 {
							b.Fatalf("%s: %d", rq.name, code)
						}
					}
					b.ReportMetric(float64(st.Statements()-before)/float64(b.N), "statements/op")
				})
			}
		})
	}
}
