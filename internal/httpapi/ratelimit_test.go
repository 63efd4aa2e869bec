package httpapi_test

import (
	"net/http"
	"testing"

	"roster/internal/httpapi"
)

func TestRateLimitPerCompany(t *testing.T) {
	e := newEnvConfig(t, func(c *httpapi.Config) { c.RateLimit = 0.5; c.RateBurst = 3 })
	for i := 0; i < 3; i++ {
		if r := e.do("GET", "/scim/v2/Users", nil); r.status != http.StatusOK {
			t.Fatalf("request %d within the burst: status %d", i+1, r.status)
		}
	}
	r := e.do("GET", "/scim/v2/Users", nil)
	wantError(t, r, http.StatusTooManyRequests, "", "retry after 2 s")
	if got := r.header.Get("Retry-After"); got != "2" {
		t.Errorf("Retry-After = %q, want 2", got)
	}
	t.Run("OtherCompanyUnaffected", func(t *testing.T) {
		_, tokenB := e.newCompany("Other")
		if r := e.doAs(tokenB, "GET", "/scim/v2/Users", nil, nil); r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
	})
	t.Run("BulkCountsEachOperation", func(t *testing.T) {
		_, tokenC := e.newCompany("Bulk Co")
		req := bulkReq(0, post("a", user("a@example.com", nil)), post("b", user("b@example.com", nil)), post("c", user("c@example.com", nil)))
		if r := e.doAs(tokenC, "POST", "/scim/v2/Bulk", req, nil); r.status != http.StatusOK {
			t.Fatalf("bulk of 3 within a burst of 3: status %d %s", r.status, r.raw)
		}
		r := e.doAs(tokenC, "GET", "/scim/v2/Users", nil, nil)
		wantError(t, r, http.StatusTooManyRequests, "", "retry after")
	})
}
