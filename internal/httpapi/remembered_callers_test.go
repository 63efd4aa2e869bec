package httpapi_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/httpapi"
)

// A GET from a token seen before goes without a round trip of its own for
// the caller: on PostgreSQL, a warm userName lookup is one statement (the
// batch of the caller, the page, its details, BEGIN and COMMIT).
func TestRememberedCallerLookupInOneRoundTrip(t *testing.T) {
	e := newEnvOn(t, "postgres", unthrottled)
	st, ok := e.store.(statementCounter)
	if !ok {
		t.Fatal("the store does not count statements")
	}
	if r := e.do("POST", "/scim/v2/Users", user("one@example.com", nil)); r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}
	lookup := "/scim/v2/Users?filter=" + url.QueryEscape(`userName eq "one@example.com"`)
	for range 2 {
		before := st.Statements()
		r := e.do("GET", lookup, nil)
		if r.status != 200 || r.body["totalResults"] != float64(1) {
			t.Fatalf("lookup: %d %s", r.status, r.raw)
		}
		if n := st.Statements() - before; n != 1 {
			t.Errorf("a warm lookup ran %d statements, want 1", n)
		}
	}
}

// A remembered caller's GET that reads nothing with its caller — a
// discovery document, a filter refused before any read, an employee id
// that cannot be — still asks for its caller before it answers: the
// answer to a revoked token is 401, whatever the request.
func TestRememberedCallerRevokedWithoutARead(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, unthrottled)
			paths := []string{
				"/scim/v2/ServiceProviderConfig",
				"/scim/v2/Users?filter=" + url.QueryEscape(`userName zz "x"`),
				"/scim/v2/Users/" + url.PathEscape("\x00"),
				"/scim/v2/Users?filter=" + url.QueryEscape(`userName eq "nobody@example.com"`),
			}
			for _, p := range paths {
				if r := e.do("GET", p, nil); r.status == 401 || r.status >= 500 {
					t.Fatalf("GET %s before the revocation: %d %s", p, r.status, r.raw)
				}
			}
			ctx := context.Background()
			conns, err := e.store.Connections(ctx, e.company.ID)
			if err != nil || len(conns) != 1 {
				t.Fatal(conns, err)
			}
			if err := e.store.RevokeConnection(ctx, conns[0].ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			for _, p := range paths {
				if r := e.do("GET", p, nil); r.status != 401 {
					t.Errorf("GET %s after the revocation: %d %s", p, r.status, r.raw)
				}
			}
		})
	}
}

// A GET served again, because its remembered caller changed meanwhile
// (here: the company's attributes), is charged to its company's rate
// once, not once for each run: with a bucket of two, the first two GETs
// pass and only the third is refused.
func TestRememberedCallerServedAgainChargedOnce(t *testing.T) {
	e := newEnvOn(t, "postgres", func(c *httpapi.Config) { c.RateLimit, c.RateBurst = 0.001, 2 })
	const path = "/scim/v2/ServiceProviderConfig"
	if r := e.do("GET", path, nil); r.status != 200 {
		t.Fatalf("first GET: %d %s", r.status, r.raw)
	}
	e.newAttribute("Office", directory.TypeOption, nil, []string{"Aarhus"})
	if r := e.do("GET", path, nil); r.status != 200 {
		t.Fatalf("the GET served again: %d %s; want 200 (the second request of a bucket of two)", r.status, r.raw)
	}
	if r := e.do("GET", path, nil); r.status != 429 {
		t.Errorf("third GET: %d; want 429 (the bucket of two is empty)", r.status)
	}
}
