package httpapi_test

import (
	"net/http"
	"testing"

	"roster/internal/directory"
)

func patchOps(ops ...map[string]any) map[string]any {
	list := make([]any, len(ops))
	for i, op := range ops {
		list[i] = op
	}
	return map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": list}
}

// TestPatchNullUnassigns: RFC 7643 §2.5 makes null "unassigned", so an add
// or replace with "value": null clears the attribute, with a path or as a
// member of a path-less value, as PUT does.
func TestPatchNullUnassigns(t *testing.T) {
	e := newEnv(t)
	ent := "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	id := e.create("ada@example.com", map[string]any{"title": "Countess", "displayName": "Ada", "locale": "en-GB",
		ent: map[string]any{"department": "Maths", "employeeNumber": "7"}})
	r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(
		map[string]any{"op": "Replace", "path": "title", "value": nil},
		map[string]any{"op": "Add", "path": ent + ":department", "value": nil},
		map[string]any{"op": "replace", "path": "name.givenName", "value": nil},
		map[string]any{"op": "add", "value": map[string]any{"displayName": nil, ent + ":employeeNumber": nil}},
	))
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	got := e.do("GET", "/scim/v2/Users/"+id, nil).body
	for _, k := range []string{"title", "displayName", ent} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %v after null; want it unassigned", k, v)
		}
	}
	if name := got["name"].(map[string]any); name["givenName"] != nil || name["familyName"] != "Family" {
		t.Errorf("name = %v; want givenName cleared, familyName kept", name)
	}
	if got["locale"] != "en-GB" {
		t.Errorf("locale = %v; an attribute not named must stay", got["locale"])
	}

	t.Run("RequiredStillRequired", func(t *testing.T) {
		r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "replace", "path": "userName", "value": nil}))
		wantError(t, r, http.StatusBadRequest, "invalidValue", `"userName" is required`)
	})
	t.Run("NoValueAtAllIsMalformed", func(t *testing.T) {
		r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "replace", "path": "title"}))
		wantError(t, r, http.StatusBadRequest, "invalidSyntax", `needs a "value"`)
	})
}

// TestPatchInvalidPath: a path that names no attribute of any schema of
// the resource is 400 invalidPath naming it; the employee, its version and
// the activity log's writes are untouched. A path RFC 7643 defines that
// roster does not keep (Okta's password) is still accepted and logged as
// not stored.
func TestPatchInvalidPath(t *testing.T) {
	e := newEnv(t)
	e.newAttribute("Office", directory.TypeOption, nil, []string{"Aarhus"})
	id := e.create("ada@example.com", map[string]any{"title": "Countess"})
	before := e.do("GET", "/scim/v2/Users/"+id, nil)
	for _, tc := range []struct{ name, path, named string }{
		{"Typo", "displayNmae", `"displayNmae"`},
		{"ExtensionURNWithDot", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager", `"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager"`},
		{"UnknownURN", "urn:foo:bar:x", `"urn:foo:bar:x"`},
		{"UnknownCompanyAttribute", "urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Ofice", `User:Ofice" is not an attribute`},
		{"UnknownSubAttribute", `emails[type eq "work"].valeu`, `"emails.valeu" is not an attribute`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(
				map[string]any{"op": "Replace", "path": "title", "value": "Lady"},
				map[string]any{"op": "Replace", "path": tc.path, "value": "x"}))
			wantError(t, r, http.StatusBadRequest, "invalidPath", tc.named)
		})
	}
	after := e.do("GET", "/scim/v2/Users/"+id, nil)
	if !equalJSON(after.body, before.body) || after.header.Get("ETag") != before.header.Get("ETag") {
		t.Errorf("refused PATCHes changed the employee:\nbefore %s\nafter  %s", before.raw, after.raw)
	}

	t.Run("StandardButNotKept", func(t *testing.T) {
		r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(
			map[string]any{"op": "replace", "path": "password", "value": "s3cret"},
			map[string]any{"op": "replace", "path": "title", "value": "Lady"}))
		if r.status != http.StatusOK || r.body["title"] != "Lady" {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		e.api.Close()
		log := e.activity(directory.ActivityQuery{EmployeeID: id})
		if len(log) == 0 || log[0].Operation != directory.OpPatch {
			t.Fatalf("log = %+v; want the PATCH first", log)
		}
		if na := log[0].NotApplied; len(na) != 1 || na[0].Attribute != "password" {
			t.Errorf("not applied = %+v; want password, as sent", na)
		}
	})
}

// TestNoOpWriteKeepsVersion: a PATCH or PUT that changes nothing answers
// 200 with the same meta.version, ETag and lastModified (RFC 7644 §3.14),
// and the activity log says "no change".
func TestNoOpWriteKeepsVersion(t *testing.T) {
	e := newEnv(t)
	id := e.create("ada@example.com", map[string]any{"title": "Countess"})
	before := e.do("GET", "/scim/v2/Users/"+id, nil)
	for _, tc := range []struct {
		name, method string
		body         any
	}{
		{"PatchSameValue", "PATCH", patchOps(map[string]any{"op": "Replace", "path": "title", "value": "Countess"})},
		{"PatchRemoveAbsent", "PATCH", patchOps(map[string]any{"op": "remove", "path": "displayName"})},
		{"OktaDeactivateTwice", "PATCH", patchOps(map[string]any{"op": "replace", "value": map[string]any{"active": true}})},
		{"PatchOnlyIgnored", "PATCH", patchOps(map[string]any{"op": "replace", "value": map[string]any{"password": "x"}})},
		{"PutSameResource", "PUT", user("ada@example.com", map[string]any{"title": "Countess"})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.method, "/scim/v2/Users/"+id, tc.body)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			if got, want := r.header.Get("ETag"), before.header.Get("ETag"); got != want {
				t.Errorf("ETag = %s, want %s (nothing changed)", got, want)
			}
			if got, want := r.body["meta"], before.body["meta"]; !equalJSON(got, want) {
				t.Errorf("meta = %v, want %v", got, want)
			}
		})
	}
	e.api.Close()
	for _, x := range e.activity(directory.ActivityQuery{EmployeeID: id}) {
		if x.Operation != directory.OpCreate && len(x.Changes) != 0 {
			t.Errorf("no-op %s logged changes %v", x.Operation, x.Changes)
		}
	}
	r := e.do("PATCH", "/scim/v2/Users/"+id, patchOps(map[string]any{"op": "replace", "path": "title", "value": "Lady"}))
	if got := r.header.Get("ETag"); got != `W/"2"` {
		t.Errorf("a real change: ETag = %s, want W/\"2\"", got)
	}
}
