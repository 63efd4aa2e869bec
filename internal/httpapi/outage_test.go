package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
)

// stallingStore plays a database outage on top of a real store: "refused"
// fails at once as the backends report an outage, "partitioned" waits
// until the request's context gives up.
type stallingStore struct {
	directory.Store
	mode atomic.Value // "", "refused" or "partitioned"
}

func (s *stallingStore) Employee(ctx context.Context, companyID, id string) (directory.Employee, error) {
	switch s.mode.Load() {
	case "refused":
		return directory.Employee{}, directory.Unavailable(errors.New("dial tcp 10.0.0.5:5432: connect: connection refused"))
	case "partitioned":
		<-ctx.Done()
		return directory.Employee{}, ctx.Err()
	}
	return s.Store.Employee(ctx, companyID, id)
}

// TestStoreUnavailableIs503: a store outage is a SCIM 503 with
// Retry-After and a detail saying to retry, never a 500 and never the
// driver's message; a database that does not answer is cut off by the
// request deadline.
func TestStoreUnavailableIs503(t *testing.T) {
	var st *stallingStore
	e := newEnvConfig(t, func(c *httpapi.Config) {
		st = &stallingStore{Store: c.Store}
		c.Store = st
		c.RequestTimeout = 300 * time.Millisecond
	})
	created := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "ada@acme.example"})
	id, _ := created.body["id"].(string)
	for _, mode := range []string{"refused", "partitioned"} {
		t.Run(mode, func(t *testing.T) {
			st.mode.Store(mode)
			defer st.mode.Store("")
			start := time.Now()
			r := e.do("GET", "/scim/v2/Users/"+id, nil)
			wantError(t, r, http.StatusServiceUnavailable, "", "try again")
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("answered after %v; want the 300 ms deadline", took)
			}
			if r.header.Get("Retry-After") == "" {
				t.Error("503 without Retry-After")
			}
			if detail, _ := r.body["detail"].(string); containsAny(detail, "10.0.0.5", "refused", "deadline") {
				t.Errorf("detail shows the cause: %q", detail)
			}
		})
	}
	if r := e.do("GET", "/scim/v2/Users/"+id, nil); r.status != http.StatusOK {
		t.Errorf("after the outage: %d", r.status)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
