package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestMisdirectedSCIMRequests: a SCIM client at a path roster does not
// serve (a bearer token, or SCIM's media type) hears a SCIM 404 naming the
// base URL to configure, never an HTML page; the tolerated base URL shapes
// keep working and a browser still gets the console.
func TestMisdirectedSCIMRequests(t *testing.T) {
	e := newEnv(t)
	base := e.srv.URL + "/scim/v2"
	for _, tc := range []struct {
		name, path string
		header     map[string]string
		token      string
	}{
		{"PeakonStyleBase", "/api/scim/v2/Users", nil, e.token},
		{"WrongVersion", "/scim/v3/Users", nil, e.token},
		{"OtherPrefixWithToken", "/provisioning/Users?filter=userName+eq+%22x%22", nil, e.token},
		{"InvalidTokenStill404", "/api/scim/v2/Users", nil, "rst_wrong"},
		{"SCIMAcceptNoToken", "/identity/v2/accounts", map[string]string{"Accept": "application/scim+json"}, ""},
		{"SCIMContentType", "/api/scim/v2/Users", map[string]string{"Content-Type": "application/scim+json; charset=utf-8"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.doAs(tc.token, "GET", tc.path, nil, tc.header)
			wantError(t, r, http.StatusNotFound, "", "SCIM base URL")
			if detail, _ := r.body["detail"].(string); !strings.Contains(detail, base) || !strings.Contains(detail, strings.Split(tc.path, "?")[0]) {
				t.Errorf("detail %q does not name the base URL %s and the path asked", detail, base)
			}
		})
	}
	t.Run("UnknownEndpointUnderBaseNamesBase", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/Userz", nil)
		wantError(t, r, http.StatusNotFound, "", "/scim/v2/Userz")
		if detail, _ := r.body["detail"].(string); !strings.Contains(detail, base) {
			t.Errorf("detail %q does not name the base URL", detail)
		}
	})
	t.Run("TolerantShapesStillServe", func(t *testing.T) {
		for _, p := range []string{"/Users", "/scim/Users", "/scim/v2/scim/v2/Users", "/scim/v2//Users", "/scim/v2/Users/"} {
			if r := e.do("GET", p, nil); r.status != http.StatusOK {
				t.Errorf("%s: status %d: %s", p, r.status, r.raw)
			}
		}
	})
	t.Run("BrowserStillGetsConsole", func(t *testing.T) {
		resp, err := http.Get(e.srv.URL + "/provisioning/Users")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "scim") {
			t.Errorf("a browser got %s: %s", ct, body)
		}
	})
}
