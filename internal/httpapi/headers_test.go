package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/httpapi"
)

// panicStore panics on Employee: the server must still answer.
type panicStore struct{ directory.Store }

func (panicStore) Employee(context.Context, string, string) (directory.Employee, error) {
	panic("boom")
}

// TestNosniffOnEveryResponse: every SCIM response, errors included, says
// X-Content-Type-Options: nosniff, so that no browser sniffs an error
// body that echoes request text into something it would render.
func TestNosniffOnEveryResponse(t *testing.T) {
	e := newEnvConfig(t, func(c *httpapi.Config) {
		c.Store = panicStore{c.Store}
		c.RateLimit, c.RateBurst = 0.001, 14
		c.BulkMaxPayload = 1000
	})
	id := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "ada@acme.example"}).body["id"].(string)
	_, otherToken := e.newCompany("Other")
	for _, tc := range []struct {
		name         string
		token        string
		method, path string
		body         any
		status       int
	}{
		{"List", e.token, "GET", "/scim/v2/Users", nil, 200},
		{"Created", e.token, "POST", "/scim/v2/Users", map[string]any{"userName": "bob@acme.example"}, 201},
		{"Deleted", e.token, "DELETE", "/scim/v2/Users/" + id, nil, 204},
		{"Discovery", e.token, "GET", "/scim/v2/ServiceProviderConfig", nil, 200},
		{"NoToken", "", "GET", "/scim/v2/Users", nil, 401},
		{"BadToken", "rst_nope", "GET", "/scim/v2/Users", nil, 401},
		{"UnknownPath", e.token, "GET", "/scim/v2/Nope", nil, 404},
		{"BadFilter", e.token, "GET", "/scim/v2/Users?filter=x", nil, 400},
		{"MediaType", e.token, "POST", "/scim/v2/Users", nil, 415},
		{"TooLarge", e.token, "POST", "/scim/v2/Bulk", strings.Repeat(" ", 2000), 413},
		{"Groups", e.token, "GET", "/scim/v2/Groups", nil, 501},
		{"Panic", e.token, "GET", "/scim/v2/Users/" + id, nil, 500},
		{"RateLimited", otherToken, "POST", "/scim/v2/Bulk", bulkReq(0, post("a", user("a@x.example", nil)), post("b", user("b@x.example", nil))), 429},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header map[string]string
			if tc.name == "MediaType" {
				header = map[string]string{"Content-Type": "text/plain"}
			}
			if tc.name == "RateLimited" {
				// A burst of 14 (the other cases need that many): 13
				// requests, and the second operation of a bulk is over.
				for i := 0; i < 13; i++ {
					e.doAs(otherToken, "GET", "/scim/v2/Users", nil, nil)
				}
			}
			r := e.doAs(tc.token, tc.method, tc.path, tc.body, header)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d; %s", r.status, tc.status, r.raw)
			}
			if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
		})
	}
}
