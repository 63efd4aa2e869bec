package httpapi_test

import (
	"net/http"
	"testing"
)

// A method an endpoint does not take is 405 with Allow, listing what it
// takes (RFC 9110 §15.5.6), in a SCIM error body; a path that is no
// endpoint stays 404, Groups stays 501.
func TestMethodNotAllowed(t *testing.T) {
	e := newEnvOn(t, "sqlite", nil)
	id := e.create("ada@acme.example", nil)
	for _, tc := range []struct {
		method, path, allow string
	}{
		{"DELETE", "/scim/v2/Users", "GET, HEAD, POST"},
		{"PUT", "/scim/v2/Users", "GET, HEAD, POST"},
		{"OPTIONS", "/scim/v2/Users", "GET, HEAD, POST"},
		{"PATCH", "/scim/v2/Users/", "GET, HEAD, POST"},
		{"POST", "/scim/v2/Users/" + id, "GET, HEAD, PUT, PATCH, DELETE"},
		{"GET", "/scim/v2/Bulk", "POST"},
		{"POST", "/scim/v2/Schemas", "GET, HEAD"},
		{"DELETE", "/scim/v2/ServiceProviderConfig", "GET, HEAD"},
		{"PUT", "/Users", "GET, HEAD, POST"}, // a base URL without /scim/v2
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := e.do(tc.method, tc.path, nil)
			wantError(t, r, http.StatusMethodNotAllowed, "", "it takes "+tc.allow)
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}
	wantError(t, e.do("GET", "/scim/v2/Nope", nil), http.StatusNotFound, "", "no SCIM endpoint at GET /scim/v2/Nope")
	wantError(t, e.do("DELETE", "/scim/v2/Groups/x", nil), http.StatusNotImplemented, "", "")
	if r := e.do("GET", "/scim/v2/Users/"+id, nil); r.status != http.StatusOK {
		t.Errorf("GET the employee: %d", r.status)
	}
	// The token is checked first: a caller without one learns nothing.
	if r := e.doAs("", "DELETE", "/scim/v2/Users", nil, nil); r.status != http.StatusUnauthorized {
		t.Errorf("DELETE /Users without a token: %d, want 401", r.status)
	}
}
