package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"roster/internal/directory"
)

// TestRenamedAttributeKeepsOldName: after an admin renames "Office" to
// "Location", an identity provider still mapped to the old name keeps
// working — Entra's PATCH with a pathed old name, a path-less value and
// a filter on it — and responses use the new name. On both backends.
func TestRenamedAttributeKeepsOldName(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			a := e.newAttribute("Office", directory.TypeOption, nil, []string{"Paris", "Oslo"})
			id := e.create("ada@example.com", map[string]any{companyURN: map[string]any{"Office": "Paris"}})
			if _, err := e.store.EditAttribute(context.Background(), e.company.ID, a.ID, directory.AttributeEdit{Rename: "Location"}); err != nil {
				t.Fatal(err)
			}

			// Entra's dialect: replace with the old name in the path.
			r := e.do("PATCH", "/scim/v2/Users/"+id, map[string]any{
				"schemas":    []any{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
				"Operations": []any{map[string]any{"op": "Replace", "path": companyURN + ":Office", "value": "Oslo"}},
			})
			if r.status != http.StatusOK {
				t.Fatalf("PATCH with the old name: %d %v", r.status, r.body)
			}
			ext, _ := r.body[companyURN].(map[string]any)
			if ext["Location"] != "Oslo" || ext["Office"] != nil {
				t.Errorf("PATCH response extension = %v; want Location: Oslo under the new name only", ext)
			}
			// A path-less value under the old name, as PUT and Okta send it.
			r = e.do("PATCH", "/scim/v2/Users/"+id, map[string]any{
				"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{companyURN: map[string]any{"office": "Paris"}}}},
			})
			if r.status != http.StatusOK {
				t.Fatalf("path-less PATCH with the old name: %d %v", r.status, r.body)
			}
			// Filters with the old name, qualified or not.
			for _, f := range []string{companyURN + `:Office eq "paris"`, `Office eq "Paris"`, companyURN + `:Location eq "Paris"`} {
				list := e.do("GET", "/scim/v2/Users?filter="+url.QueryEscape(f), nil)
				if list.status != http.StatusOK || list.body["totalResults"] != float64(1) {
					t.Errorf("filter %s: %d %v; want the one employee", f, list.status, list.body)
				}
			}
			got := e.do("GET", "/scim/v2/Users/"+id, nil).body[companyURN].(map[string]any)
			if got["Location"] != "Paris" {
				t.Errorf("GET extension = %v; want Location: Paris", got)
			}
		})
	}
}

// TestOpenOptionListAcceptsNewValue: a Location-style open list takes a
// value it does not list (and lists it from then on), where a closed list
// answers 400 invalidValue.
func TestOpenOptionListAcceptsNewValue(t *testing.T) {
	e := newEnv(t)
	a := e.newAttribute("Location", directory.TypeOption, nil, []string{"Paris"})
	r := e.do("POST", "/scim/v2/Users", user("ada@example.com", map[string]any{companyURN: map[string]any{"Location": "Berlin"}}))
	wantError(t, r, http.StatusBadRequest, "invalidValue", "Berlin")
	open := true
	if _, err := e.store.EditAttribute(context.Background(), e.company.ID, a.ID, directory.AttributeEdit{Open: &open}); err != nil {
		t.Fatal(err)
	}
	r = e.do("POST", "/scim/v2/Users", user("ada@example.com", map[string]any{companyURN: map[string]any{"Location": "Berlin"}}))
	if r.status != http.StatusCreated {
		t.Fatalf("POST with a new value on an open list: %d %v", r.status, r.body)
	}
	if ext := r.body[companyURN].(map[string]any); ext["Location"] != "Berlin" {
		t.Errorf("extension = %v", ext)
	}
	stored, _ := e.store.Attribute(context.Background(), e.company.ID, a.ID)
	if !stored.HasOption("Berlin") || !stored.IsNewOption("Berlin") {
		t.Errorf("options after the write: %q, new %q; want Berlin listed as new", stored.Options, stored.NewOptions)
	}
	// Discovery shows the list without making it strict.
	schemas := e.do("GET", "/scim/v2/Schemas/"+companyURN, nil)
	if schemas.status != http.StatusOK {
		t.Fatalf("schema: %d", schemas.status)
	}
}
