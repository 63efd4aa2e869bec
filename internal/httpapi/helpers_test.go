package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/httpapi"
	"roster/internal/store/testbackends"
)

// env is a running SCIM server on a real SQLite file with one company and
// one connection token.
type env struct {
	t       testing.TB
	store   directory.Store
	api     *httpapi.Server
	srv     *httptest.Server
	company directory.Company
	token   string
}

func newEnv(t testing.TB) *env { t.Helper(); return newEnvConfig(t, nil) }

// newEnvConfig is newEnv with a chance to change the server's Config.
func newEnvConfig(t testing.TB, configure func(*httpapi.Config)) *env {
	t.Helper()
	return newEnvOn(t, "sqlite", configure)
}

// backends are the stores the client replays run on.
var backends = testbackends.Names

// newEnvOn is newEnvConfig on the named store backend (testbackends.Open).
func newEnvOn(t testing.TB, backend string, configure func(*httpapi.Config)) *env {
	t.Helper()
	st := testbackends.Open(t, backend)
	e := &env{t: t, store: st}
	e.company, e.token = e.newCompany("Acme")
	cfg := httpapi.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(&cfg)
	}
	e.api = httpapi.New(cfg)
	e.srv = httptest.NewServer(httpapi.Router(e.api, nil))
	t.Cleanup(e.srv.Close)
	t.Cleanup(e.api.Close)
	return e
}

// newCompany creates a company with one connection and returns its token.
func (e *env) newCompany(name string) (directory.Company, string) {
	e.t.Helper()
	ctx := context.Background()
	c := directory.Company{ID: directory.NewID(), Name: name}
	if err := e.store.CreateCompany(ctx, &c); err != nil {
		e.t.Fatalf("create company: %v", err)
	}
	return c, e.newToken(c.ID, "Test IdP")
}

func (e *env) newToken(companyID, label string) string {
	e.t.Helper()
	token, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: companyID, Label: label, TokenHash: hash}
	if err := e.store.CreateConnection(context.Background(), &conn); err != nil {
		e.t.Fatalf("create connection: %v", err)
	}
	return token
}

// newAttribute creates a company attribute as an admin would.
func (e *env) newAttribute(name string, typ directory.AttributeType, aliases, options []string) directory.AttributeDef {
	e.t.Helper()
	a := directory.AttributeDef{ID: directory.NewID(), CompanyID: e.company.ID, Name: name, Type: typ, Aliases: aliases, Options: options}
	if err := a.Validate(); err != nil {
		e.t.Fatalf("attribute %q: %v", name, err)
	}
	if err := e.store.CreateAttribute(context.Background(), &a); err != nil {
		e.t.Fatalf("create attribute %q: %v", name, err)
	}
	return a
}

// response is a decoded HTTP response.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// do sends a request with the env's token; body may be nil, a string or
// any JSON-encodable value.
func (e *env) do(method, path string, body any) response {
	e.t.Helper()
	return e.doAs(e.token, method, path, body, nil)
}

func (e *env) doAs(token, method, path string, body any, header map[string]string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	case io.Reader:
		rd = b // unknown length: sent chunked
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("encode body: %v", err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("read body: %v", err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			e.t.Fatalf("%s %s: response is not a JSON object: %v\n%s", method, path, err, raw)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/scim+json") {
			e.t.Errorf("%s %s: Content-Type = %q, want application/scim+json", method, path, ct)
		}
	}
	return r
}

// wantError checks a SCIM error response.
func wantError(t *testing.T, r response, status int, scimType, detailPart string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.raw)
	}
	if got := r.body["schemas"]; !equalJSON(got, []any{"urn:ietf:params:scim:api:messages:2.0:Error"}) {
		t.Errorf("schemas = %v, want the Error schema", got)
	}
	if got, _ := r.body["status"].(string); got != itoa(status) {
		t.Errorf("status field = %v, want the string %q", r.body["status"], itoa(status))
	}
	if got, _ := r.body["scimType"].(string); got != scimType {
		t.Errorf("scimType = %q, want %q; body %s", got, scimType, r.raw)
	}
	if detail, _ := r.body["detail"].(string); !strings.Contains(detail, detailPart) {
		t.Errorf("detail = %q, want it to contain %q", detail, detailPart)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// userNames lists the userNames of the employees GET /Users?query answers
// with, in its order.
func (e *env) userNames(query string) []string {
	e.t.Helper()
	r := e.do("GET", "/scim/v2/Users?"+query, nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("GET /Users?%s: status %d: %s", query, r.status, r.raw)
	}
	var names []string
	for _, res := range r.body["Resources"].([]any) {
		names = append(names, res.(map[string]any)["userName"].(string))
	}
	return names
}
