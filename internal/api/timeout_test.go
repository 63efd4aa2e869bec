package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"roster/internal/api"
	"roster/internal/directory"
)

// slowStore's Companies waits for the request's deadline, then fails as
// the SQL store does (EUnavailable); with no deadline it answers after 2 s.
type slowStore struct{ directory.Store }

func (s slowStore) Companies(ctx context.Context) ([]directory.Company, error) {
	select {
	case <-ctx.Done():
		return nil, directory.Unavailable(ctx.Err())
	case <-time.After(2 * time.Second):
		return nil, nil
	}
}

// A request that waits on the store longer than RequestTimeout is a 503
// problem with Retry-After, not a request held open.
func TestRequestTimeout(t *testing.T) {
	e := newEnv(t, "sqlite")
	srv := httptest.NewServer(api.New(api.Config{Store: slowStore{e.store}, RequestTimeout: 50 * time.Millisecond}).Handler(http.NotFoundHandler()))
	defer srv.Close()
	e.srv = srv
	start := time.Now()
	r := e.get(bearer(e.key), "/api/v1/companies")
	wantProblem(t, r, http.StatusServiceUnavailable)
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("answered after %v; want about the 50 ms timeout", d)
	}
}
