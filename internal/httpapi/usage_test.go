package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"roster/internal/httpapi"
)

// TestConnectionUsageBatched: with a flush interval, requests are counted
// in memory and written together; Close writes what is pending.
func TestConnectionUsageBatched(t *testing.T) {
	e := newEnvConfig(t, func(c *httpapi.Config) { c.UsageFlushInterval = time.Hour })
	for i := 0; i < 5; i++ {
		if r := e.do("GET", "/scim/v2/Users", nil); r.status != http.StatusOK {
			t.Fatalf("status %d", r.status)
		}
	}
	count := func() int64 {
		conns, err := e.store.Connections(t.Context(), e.company.ID)
		if err != nil || len(conns) != 1 {
			t.Fatalf("connections: %v %v", conns, err)
		}
		return conns[0].RequestCount
	}
	if n := count(); n != 0 {
		t.Fatalf("%d requests written before the flush; want them batched", n)
	}
	e.api.Close()
	if n := count(); n != 5 {
		t.Fatalf("after Close: %d requests recorded, want 5", n)
	}
}

func TestConnectionUsageImmediate(t *testing.T) {
	e := newEnv(t)
	e.do("GET", "/scim/v2/Users", nil)
	e.do("GET", "/scim/v2/Users", nil)
	conns, _ := e.store.Connections(t.Context(), e.company.ID)
	if len(conns) != 1 || conns[0].RequestCount != 2 || conns[0].LastUsed.IsZero() {
		t.Fatalf("connections %+v", conns)
	}
}

// A request turned away because provisioning is paused is the
// connection's request all the same: the console counts it among its
// requests as among its refusals, so that refusals never outnumber
// requests.
func TestConnectionUsageCountsPausedRequests(t *testing.T) {
	e := newEnv(t)
	e.do("GET", "/scim/v2/Users", nil)
	if err := e.store.SetProvisioningDisabled(t.Context(), e.company.ID, true); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if r := e.do("GET", "/scim/v2/Users", nil); r.status != http.StatusServiceUnavailable {
			t.Fatalf("paused: %d", r.status)
		}
	}
	conns, _ := e.store.Connections(t.Context(), e.company.ID)
	if len(conns) != 1 || conns[0].RequestCount != 4 {
		t.Fatalf("requests counted %+v; want 4 (one served, three turned away)", conns)
	}
}
