package httpapi_test

import (
	"net/http"
	"testing"
)

// TestETags: If-Match and If-None-Match (RFC 7644 §3.14, RFC 7232) on GET,
// PUT, PATCH and DELETE of one employee, compared weakly, "*" included;
// a request without them (Entra, Okta) has no precondition.
func TestETags(t *testing.T) {
	e := newEnv(t)
	id := e.create("ada@example.com", nil)
	path := "/scim/v2/Users/" + id
	cur := e.do("GET", path, nil).header.Get("ETag") // W/"1"
	if cur != `W/"1"` {
		t.Fatalf("ETag = %q", cur)
	}
	title := func(v string) map[string]any {
		return patchOps(map[string]any{"op": "replace", "path": "title", "value": v})
	}
	h := func(k, v string) map[string]string { return map[string]string{k: v} }

	t.Run("GET/IfNoneMatchCurrentIs304", func(t *testing.T) {
		for _, tag := range []string{cur, `"1"`, `W/"7", W/"1"`, "*"} {
			r := e.doAs(e.token, "GET", path, nil, h("If-None-Match", tag))
			if r.status != http.StatusNotModified || len(r.raw) != 0 {
				t.Errorf("If-None-Match %s: status %d, body %q; want 304 without body", tag, r.status, r.raw)
			}
			if r.header.Get("ETag") != cur {
				t.Errorf("If-None-Match %s: ETag = %q, want %s", tag, r.header.Get("ETag"), cur)
			}
		}
	})
	t.Run("GET/IfNoneMatchStaleIs200", func(t *testing.T) {
		r := e.doAs(e.token, "GET", path, nil, h("If-None-Match", `W/"0"`))
		if r.status != http.StatusOK || r.body["id"] != id {
			t.Errorf("status %d: %s", r.status, r.raw)
		}
	})
	t.Run("GET/IfMatchStaleIs412", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "GET", path, nil, h("If-Match", `W/"9"`)), http.StatusPreconditionFailed, "", `W/"1"`)
		if r := e.doAs(e.token, "GET", path, nil, h("If-Match", cur)); r.status != http.StatusOK {
			t.Errorf("current If-Match: status %d", r.status)
		}
	})
	t.Run("GET/UnknownIs404WhateverTheHeaders", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "GET", "/scim/v2/Users/nope", nil, h("If-Match", "*")), http.StatusNotFound, "", "nope")
	})

	t.Run("PATCH/IfMatchStaleIs412AndNothingChanges", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "PATCH", path, title("A"), h("If-Match", `W/"2"`)), http.StatusPreconditionFailed, "", "current version")
		if r := e.do("GET", path, nil); r.body["title"] != nil || r.header.Get("ETag") != cur {
			t.Errorf("a refused PATCH changed the employee: %s", r.raw)
		}
	})
	t.Run("PATCH/IfNoneMatchCurrentIs412", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "PATCH", path, title("A"), h("If-None-Match", "*")), http.StatusPreconditionFailed, "", "If-None-Match")
	})
	t.Run("PATCH/IfMatchStarAndCurrentSucceed", func(t *testing.T) {
		r := e.doAs(e.token, "PATCH", path, title("A"), h("If-Match", "*"))
		if r.status != http.StatusOK || r.header.Get("ETag") != `W/"2"` {
			t.Fatalf("If-Match *: status %d ETag %s: %s", r.status, r.header.Get("ETag"), r.raw)
		}
		r = e.doAs(e.token, "PATCH", path, title("B"), map[string]string{"If-Match": `"2"`, "If-None-Match": `W/"1"`})
		if r.status != http.StatusOK || r.header.Get("ETag") != `W/"3"` {
			t.Fatalf("If-Match current, If-None-Match stale: status %d: %s", r.status, r.raw)
		}
	})
	t.Run("PUT/IfMatch", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "PUT", path, user("ada@example.com", nil), h("If-Match", `W/"1"`)), http.StatusPreconditionFailed, "", `W/"3"`)
		wantError(t, e.doAs(e.token, "PUT", path, user("ada@example.com", nil), h("If-None-Match", `W/"3"`)), http.StatusPreconditionFailed, "", "If-None-Match")
		if r := e.doAs(e.token, "PUT", path, user("ada@example.com", nil), h("If-Match", `W/"3"`)); r.status != http.StatusOK {
			t.Errorf("PUT with the current version: %d %s", r.status, r.raw)
		}
	})
	t.Run("DELETE/IfMatch", func(t *testing.T) {
		wantError(t, e.doAs(e.token, "DELETE", path, nil, h("If-Match", `W/"1"`)), http.StatusPreconditionFailed, "", "current version")
		wantError(t, e.doAs(e.token, "DELETE", path, nil, h("If-None-Match", "*")), http.StatusPreconditionFailed, "", "If-None-Match")
		if r := e.do("GET", path, nil); r.status != http.StatusOK {
			t.Fatalf("a refused DELETE deleted the employee: %d", r.status)
		}
		cur := e.do("GET", path, nil).header.Get("ETag")
		if r := e.doAs(e.token, "DELETE", path, nil, h("If-Match", cur)); r.status != http.StatusNoContent {
			t.Errorf("DELETE with the current version: %d %s", r.status, r.raw)
		}
	})
	t.Run("ServiceProviderConfigSaysSupported", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/ServiceProviderConfig", nil)
		if got := r.body["etag"]; !equalJSON(got, map[string]any{"supported": true}) {
			t.Errorf("etag = %v", got)
		}
	})
}
