package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"roster/internal/api"
	"roster/internal/directory"
	"roster/internal/httpapi"
	"roster/internal/store/testbackends"
)

// env is the product API running on a store of one backend, with one
// company, its SCIM connection token, and an API key for every company.
type env struct {
	t       *testing.T
	store   directory.Store
	srv     *httptest.Server
	api     *api.Server
	company directory.Company
	conn    directory.Connection // the company's SCIM connection
	scim    string               // its token
	key     string               // an API key for every company
}

func newEnv(t *testing.T, backend string) *env {
	t.Helper()
	return newEnvClock(t, backend, nil)
}

// newEnvClock is newEnv with one clock (nil: time.Now) for the store, the
// product API and SCIM, which is served beside the API (httpapi.Router),
// as roster serve does.
func newEnvClock(t *testing.T, backend string, now func() time.Time) *env {
	t.Helper()
	st := testbackends.OpenClock(t, backend, now)
	e := &env{t: t, store: st, api: api.New(api.Config{Store: st, Now: now})}
	e.company = e.newCompany("Acme")
	token, hash := directory.NewToken()
	e.conn = directory.Connection{ID: directory.NewID(), CompanyID: e.company.ID, Label: "Entra ID", TokenHash: hash}
	if err := st.CreateConnection(context.Background(), &e.conn); err != nil {
		t.Fatal(err)
	}
	e.scim = token
	_, e.key = e.newKey()
	scim := httpapi.New(httpapi.Config{Store: st, Now: now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(scim.Close)
	e.srv = httptest.NewServer(e.api.Handler(httpapi.Router(scim, http.NotFoundHandler())))
	t.Cleanup(e.srv.Close)
	return e
}

// eachBackend runs fn on a fresh env of every backend.
func eachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, b := range testbackends.Names {
		t.Run(b, func(t *testing.T) { fn(t, newEnv(t, b)) })
	}
}

func (e *env) newCompany(name string) directory.Company {
	e.t.Helper()
	c := directory.Company{ID: directory.NewID(), Name: name}
	if err := e.store.CreateCompany(context.Background(), &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// newKey stores an API key limited to companies (none: every company).
func (e *env) newKey(companies ...string) (directory.APIKey, string) {
	e.t.Helper()
	key, hash := directory.NewAPIKey()
	k := directory.APIKey{ID: directory.NewID(), Label: "test", Companies: companies, Hash: hash}
	if err := e.store.CreateAPIKey(context.Background(), &k); err != nil {
		e.t.Fatal(err)
	}
	return k, key
}

func (e *env) newEmployee(companyID, userName string, edit ...func(*directory.Employee)) directory.Employee {
	e.t.Helper()
	emp := directory.Employee{ID: directory.NewID(), CompanyID: companyID, UserName: userName, Active: true}
	for _, f := range edit {
		f(&emp)
	}
	if err := e.store.CreateEmployee(context.Background(), &emp, directory.Actor{}); err != nil {
		e.t.Fatal(err)
	}
	return emp
}

func (e *env) setActive(companyID, id string, active bool, by directory.Actor) {
	e.t.Helper()
	_, err := e.store.UpdateEmployee(context.Background(), companyID, id, by, func(emp *directory.Employee) error {
		emp.Active = active
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

type response struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// get sends GET path with "Authorization: auth" (none when "").
func (e *env) get(auth, path string) response {
	e.t.Helper()
	return e.send(http.MethodGet, auth, path)
}

func (e *env) send(method, auth, path string) response {
	e.t.Helper()
	return e.sendBody(method, auth, path, "")
}

// sendBody sends a request with a JSON body ("": none); SCIM paths get
// SCIM's media type.
func (e *env) sendBody(method, auth, path, body string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
		if strings.HasPrefix(path, httpapi.Prefix) {
			req.Header.Set("Content-Type", "application/scim+json")
		}
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, raw: string(raw)}
	if len(raw) > 0 && strings.Contains(res.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

func bearer(key string) string { return "Bearer " + key }

// wantProblem fails unless r is an RFC 9457 problem with the status and
// a non-empty detail.
func wantProblem(t *testing.T, r response, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d; want %d\n%s", r.status, status, r.raw)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q; want application/problem+json", ct)
	}
	if r.body["type"] != "about:blank" || r.body["title"] != http.StatusText(status) ||
		r.body["status"] != float64(status) || r.body["detail"] == "" || r.body["detail"] == nil {
		t.Errorf("problem = %v; want type, title, status and detail", r.body)
	}
	if len(r.body) != 4 {
		t.Errorf("problem has members %v; want exactly type, title, status, detail", r.body)
	}
}

// ids returns the ids of a listing page's employees.
func ids(r response) []string {
	var out []string
	list, _ := r.body["employees"].([]any)
	for _, x := range list {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
