package health

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"roster/internal/directory"
)

// fakeStore answers Ready with err and counts the calls.
type fakeStore struct {
	err   error
	calls atomic.Int32
}

func (f *fakeStore) Ready(context.Context) error { f.calls.Add(1); return f.err }

func probe(t *testing.T, c *Checker, method, path string) (int, probeResult) {
	t.Helper()
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	rec := httptest.NewRecorder()
	c.Handler(next).ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	var res probeResult
	if method == http.MethodGet && rec.Code != http.StatusTeapot {
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatalf("%s %s: body %q is not JSON: %v", method, path, rec.Body, err)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
	return rec.Code, res
}

func newChecker(st directory.HealthStore) *Checker {
	c := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	c.cacheFor = 0
	return c
}

func TestProbes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		stopping   bool
		path       string
		wantStatus int
		want       probeResult
	}{
		{"Live", nil, false, LivePath, 200, probeResult{Status: "ok"}},
		{"LiveWhileDatabaseDown", directory.Unavailable(errors.New("dial tcp: refused")), false, LivePath, 200, probeResult{Status: "ok"}},
		{"LiveShuttingDown", nil, true, LivePath, 503, probeResult{Status: "stopping", Reason: "shutting down"}},
		{"Ready", nil, false, ReadyPath, 200, probeResult{Status: "ready"}},
		{"ReadyDatabaseDown", directory.Unavailable(errors.New("failed to connect to `user=secret database=x`")), false, ReadyPath, 503,
			probeResult{Status: "unavailable", Reason: "database unavailable"}},
		{"ReadyMigrationsMissing", errors.New("postgres: ready: migrations not applied: 0009_x.sql"), false, ReadyPath, 503,
			probeResult{Status: "unavailable", Reason: "migrations not applied: 0009_x.sql"}},
		{"ReadyDatabaseTooNew", errors.New("sqlite: ready: " + directory.NewerDatabase + "0099_x.sql, which writing it needs; this build must not write to it"), false, ReadyPath, 503,
			probeResult{Status: "unavailable", Reason: directory.NewerDatabase + "0099_x.sql, which writing it needs"}},
		{"ReadyOtherError", errors.New("sqlite: disk I/O error at /secret/path"), false, ReadyPath, 503,
			probeResult{Status: "unavailable", Reason: "store not ready"}},
		{"ReadyShuttingDown", nil, true, ReadyPath, 503, probeResult{Status: "stopping", Reason: "shutting down"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChecker(&fakeStore{err: tc.err})
			if tc.stopping {
				c.ShuttingDown()
			}
			status, got := probe(t, c, http.MethodGet, tc.path)
			if status != tc.wantStatus || got != tc.want {
				t.Errorf("GET %s = %d %+v, want %d %+v", tc.path, status, got, tc.wantStatus, tc.want)
			}
		})
	}
}

func TestOtherPathsPassThrough(t *testing.T) {
	c := newChecker(&fakeStore{})
	for _, p := range []string{"/", "/scim/v2/Users", "/healthz/x", "/readyz/"} {
		if status, _ := probe(t, c, http.MethodGet, p); status != http.StatusTeapot {
			t.Errorf("GET %s = %d, want it passed on", p, status)
		}
	}
}

func TestMethods(t *testing.T) {
	c := newChecker(&fakeStore{})
	if status, _ := probe(t, c, http.MethodHead, ReadyPath); status != 200 {
		t.Errorf("HEAD /readyz = %d", status)
	}
	if status, _ := probe(t, c, http.MethodPost, LivePath); status != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz = %d, want 405", status)
	}
}

// TestReadyCached: probes within cacheFor reuse the last answer, so that
// a flood of anonymous probes does not become a flood of database pings.
func TestReadyCached(t *testing.T) {
	st := &fakeStore{}
	c := newChecker(st)
	c.cacheFor = DefaultCacheFor
	for range 50 {
		probe(t, c, http.MethodGet, ReadyPath)
	}
	if n := st.calls.Load(); n != 1 {
		t.Errorf("50 probes within a second asked the store %d times, want 1", n)
	}
}
