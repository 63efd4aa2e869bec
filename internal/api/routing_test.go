package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"roster/internal/api"
	"roster/internal/httpapi"
)

// Paths under /api reach the product API, never SCIM (whose path
// tolerance would take "/api/v1/Users" or "/api/scim/v2/Users") nor the
// console; other paths still reach them as before.
func TestAPIPathsNeverReachSCIMOrConsole(t *testing.T) {
	var hit string
	scim := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = "scim" })
	console := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = "console" })
	h := api.New(api.Config{}).Handler(httpapi.Router(scim, console))
	for path, want := range map[string]string{
		"/api/v1/Users":                 "api",
		"/api/v1/scim/v2/Users":         "api",
		"/api/scim/Users":               "api",
		"/api/v1/Users/.search":         "api",
		"/api/v1/companies":             "api",
		"/api/v1/ServiceProviderConfig": "api",
		"/api":                          "api",
		"/api/":                         "api",
		"/scim/v2/Users":                "scim",
		"/Users":                        "scim",
		"/":                             "console",
		"/apis":                         "console",
	} {
		hit = "api"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if hit != want {
			t.Errorf("%s reached %s; want %s", path, hit, want)
		}
		if want == "api" && rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: Content-Type %q; want a problem", path, rec.Header().Get("Content-Type"))
		}
	}
}

// A SCIM client whose base URL has /api in it (Peakon's own is
// https://api.peakon.com/api/scim/v2) reaches SCIM, which tells it the
// base URL to use; /api/v1 stays the product API's whatever the headers,
// and a product API key on another /api path still gets a problem.
func TestSCIMClientUnderAPIReachesSCIM(t *testing.T) {
	var hit string
	scim := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = "scim" })
	console := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = "console" })
	h := api.New(api.Config{}).Handler(httpapi.Router(scim, console))
	bearer := map[string]string{"Authorization": "Bearer rst_x"}
	scimJSON := map[string]string{"Accept": "application/scim+json"}
	for _, tc := range []struct {
		path   string
		header map[string]string
		want   string
	}{
		{"/api/scim/v2/Users", bearer, "scim"},
		{"/api/scim/v2/Users", scimJSON, "scim"},
		{"/api/Users", bearer, "scim"},
		{"/api/scim/v2/Users", nil, "api"},
		{"/api/v2/companies", bearer, "api"},
		{"/api/v1/companies", scimJSON, "api"},
		{"/api/v1/scim/v2/Users", bearer, "api"},
		{"/api/v1", scimJSON, "api"},
	} {
		hit = "api"
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		for k, v := range tc.header {
			req.Header.Set(k, v)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if hit != tc.want {
			t.Errorf("%s %v reached %s; want %s", tc.path, tc.header, hit, tc.want)
		}
	}
}

// Unknown paths and methods under /api/v1 are problems too (404, 405).
func TestUnknownRouteProblems(t *testing.T) {
	e := newEnv(t, "sqlite")
	wantProblem(t, e.get(bearer(e.key), "/api/v1/nothing"), http.StatusNotFound)
	wantProblem(t, e.get("", "/api/v2/companies"), http.StatusNotFound)
	r := e.send(http.MethodPost, bearer(e.key), "/api/v1/companies")
	wantProblem(t, r, http.StatusMethodNotAllowed)
	if !strings.Contains(r.header.Get("Allow"), "GET") {
		t.Errorf("Allow = %q", r.header.Get("Allow"))
	}
	// A path only GET and PATCH take is a wrong method for the others,
	// not an unknown path.
	round := e.surveysPath() + "/some-round"
	for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPost} {
		r := e.send(m, bearer(e.key), round)
		wantProblem(t, r, http.StatusMethodNotAllowed)
		if got := r.header.Get("Allow"); got != "GET, HEAD, PATCH" {
			t.Errorf("%s %s: Allow = %q, want GET, HEAD, PATCH", m, round, got)
		}
	}
}

// openAPIDoc is the part of the OpenAPI document the checks read.
type openAPIDoc struct {
	OpenAPI string                    `json:"openapi"`
	Servers []struct{ URL string }    `json:"servers"`
	Paths   map[string]map[string]any `json:"paths"`
}

// The document lists exactly the mux's routes, each with its method, and
// is served without a key.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != api.Prefix {
		t.Fatalf("openapi %q servers %v; want 3.1.0 at %s", doc.OpenAPI, doc.Servers, api.Prefix)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				documented = append(documented, strings.ToUpper(method)+" "+api.Prefix+path)
			}
		}
	}
	routes := api.New(api.Config{}).Routes()
	slices.Sort(documented)
	slices.Sort(routes)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %q is not in openapi.json", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("openapi.json documents %q, which no route serves", d)
		}
	}

	e := newEnv(t, "sqlite")
	r := e.get("", "/api/v1/openapi.json")
	if r.status != http.StatusOK || r.raw != string(raw) {
		t.Errorf("GET /api/v1/openapi.json: %d; want the document", r.status)
	}
}
