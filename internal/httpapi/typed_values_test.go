package httpapi_test

import (
	"net/http"
	"testing"
)

// TestWronglyTypedValues: a value of the wrong JSON type is 400
// invalidValue naming the attribute, on POST, PUT and PATCH alike, and
// nothing is written; Entra's documented quirks stay accepted.
func TestWronglyTypedValues(t *testing.T) {
	e := newEnv(t)
	ent := "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	id := e.create("ada@example.com", nil)
	before := e.do("GET", "/scim/v2/Users/"+id, nil)
	bad := []struct {
		name, attr string
		value      any
		named      string
	}{
		{"NumberForUserName", "userName", 12345, `"userName" must be a string`},
		{"ObjectForString", "title", map[string]any{"value": "CEO"}, `"title" must be a string`},
		{"StringForComplex", "name", "Ada Lovelace", `"name" must be a JSON object`},
		{"ArrayForSingleValued", "displayName", []any{"Ada"}, `"displayName" takes a single value`},
		{"StringForBoolean", "active", "yes", `"active" must be a boolean`},
		{"StringForEmails", "emails", "ada@example.com", `"emails" must be a JSON object`},
	}
	for _, tc := range bad {
		t.Run("POST/"+tc.name, func(t *testing.T) {
			r := e.do("POST", "/scim/v2/Users", user("new@example.com", map[string]any{tc.attr: tc.value}))
			wantError(t, r, http.StatusBadRequest, "invalidValue", tc.named)
		})
		t.Run("PUT/"+tc.name, func(t *testing.T) {
			r := e.do("PUT", "/scim/v2/Users/"+id, user("ada@example.com", map[string]any{tc.attr: tc.value}))
			wantError(t, r, http.StatusBadRequest, "invalidValue", tc.named)
		})
		t.Run("PATCH/"+tc.name, func(t *testing.T) {
			r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "Replace", "path": tc.attr, "value": tc.value}))
			wantError(t, r, http.StatusBadRequest, "invalidValue", tc.named)
		})
		t.Run("PATCHWithoutPath/"+tc.name, func(t *testing.T) {
			r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "replace", "value": map[string]any{tc.attr: tc.value}}))
			wantError(t, r, http.StatusBadRequest, "invalidValue", tc.named)
		})
	}
	if after := e.do("GET", "/scim/v2/Users/"+id, nil); !equalJSON(after.body, before.body) {
		t.Errorf("refused writes changed the employee:\nbefore %s\nafter  %s", before.raw, after.raw)
	}
	if r := e.do("GET", "/scim/v2/Users?filter=userName+eq+%22new@example.com%22", nil); r.body["totalResults"] != float64(0) {
		t.Errorf("a refused POST created the employee: %s", r.raw)
	}

	t.Run("EntraQuirksAccepted", func(t *testing.T) {
		boss := e.create("boss@example.com", nil)
		r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(
			map[string]any{"op": "Replace", "path": "active", "value": "False"},
			map[string]any{"op": "Add", "path": ent + ":manager", "value": boss},
			map[string]any{"op": "Replace", "path": ent + ":employeeNumber", "value": 701984},
			map[string]any{"op": "Replace", "path": `emails[type eq "work"].primary`, "value": "True"},
		))
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		ext := r.body[ent].(map[string]any)
		if r.body["active"] != false || ext["manager"].(map[string]any)["value"] != boss || ext["employeeNumber"] != "701984" {
			t.Errorf("got %s", r.raw)
		}
		r = e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "replace", "value": map[string]any{"active": "True"}}))
		if r.status != http.StatusOK || r.body["active"] != true {
			t.Errorf("Okta-style path-less reactivation with a string boolean: %d %s", r.status, r.raw)
		}
	})
}
