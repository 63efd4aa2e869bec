package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"roster/internal/directory"
)

// A NUL character (U+0000) can be stored by neither backend alike:
// PostgreSQL refuses it in text ("invalid byte sequence for encoding
// UTF8: 0x00"), SQLite cuts LIKE patterns at it. These tests pin one
// answer for both, before any SQL: 400 naming the attribute for a value
// or a filter, 404 for an id.

// nulEnv is an env with a company option attribute and two employees.
func nulEnv(t *testing.T, backend string) *env {
	e := newEnvOn(t, backend, nil)
	e.newAttribute("Office", directory.TypeOption, nil, nil)
	for _, u := range []string{"ada@acme.example", "bob@acme.example"} {
		if r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": u}); r.status != http.StatusCreated {
			t.Fatalf("create %s: %d %s", u, r.status, r.raw)
		}
	}
	return e
}

func TestNULInResourceValues(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := nulEnv(t, backend)
			id := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "cy@acme.example"}).body["id"].(string)
			patch := func(op map[string]any) map[string]any {
				return map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": []any{op}}
			}
			for _, tc := range []struct {
				name, method, path string
				body               any
				attr               string
			}{
				{"POST/userName", "POST", "/scim/v2/Users", map[string]any{"userName": "a\x00b"}, "userName"},
				{"POST/externalId", "POST", "/scim/v2/Users", map[string]any{"userName": "n1", "externalId": "x\x00"}, "externalId"},
				{"POST/name", "POST", "/scim/v2/Users", map[string]any{"userName": "n2", "name": map[string]any{"givenName": "\x00Ada"}}, "name.givenName"},
				{"POST/email", "POST", "/scim/v2/Users", map[string]any{"userName": "n3", "emails": []any{map[string]any{"value": "a\x00@b.c", "type": "work"}}}, "emails.value"},
				{"POST/enterprise", "POST", "/scim/v2/Users", map[string]any{"userName": "n4",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "R\x00D"}}, "department"},
				{"POST/manager", "POST", "/scim/v2/Users", map[string]any{"userName": "n5",
					"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": "m\x00"}}, "manager.value"},
				{"POST/company", "POST", "/scim/v2/Users", map[string]any{"userName": "n6",
					"urn:ietf:params:scim:schemas:extension:peakon:2.0:User": map[string]any{"office": "Lon\x00don"}}, "Office"},
				{"PUT/displayName", "PUT", "/scim/v2/Users/" + id, map[string]any{"userName": "cy@acme.example", "displayName": "C\x00y"}, "displayName"},
				{"PATCH/path", "PATCH", "/scim/v2/Users/" + id, patch(map[string]any{"op": "replace", "path": "title", "value": "Boss\x00"}), "title"},
				{"PATCH/noPath", "PATCH", "/scim/v2/Users/" + id, patch(map[string]any{"op": "replace", "value": map[string]any{"userName": "\x00"}}), "userName"},
				{"PATCH/valuePath", "PATCH", "/scim/v2/Users/" + id, patch(map[string]any{"op": "add", "path": `emails[type eq "work"].value`, "value": "c\x00@acme.example"}), "emails.value"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.do(tc.method, tc.path, tc.body)
					wantError(t, r, http.StatusBadRequest, "invalidValue", tc.attr)
					if d, _ := r.body["detail"].(string); !strings.Contains(d, "NUL") {
						t.Errorf("detail %q does not name the NUL character", d)
					}
				})
			}
			t.Run("PATCH/valueFilter", func(t *testing.T) {
				r := e.do("PATCH", "/scim/v2/Users/"+id, patch(map[string]any{"op": "remove", "path": "emails[value eq \"a\x00b\"]"}))
				wantError(t, r, http.StatusBadRequest, "invalidPath", "emails.value")
			})
			t.Run("IgnoredAttribute", func(t *testing.T) {
				// Never stored, so never refused: Okta sends password.
				r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "dee@acme.example", "password": "p\x00w", "favoriteColor": "\x00"})
				if r.status != http.StatusCreated {
					t.Fatalf("status %d, want 201; %s", r.status, r.raw)
				}
			})
			t.Run("Bulk", func(t *testing.T) {
				r := e.do("POST", "/scim/v2/Bulk", map[string]any{
					"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"},
					"Operations": []any{
						map[string]any{"method": "POST", "path": "/Users", "bulkId": "x", "data": map[string]any{"userName": "e\x00"}},
						map[string]any{"method": "PATCH", "path": "/Users/a\x00b", "data": patch(map[string]any{"op": "replace", "path": "title", "value": "T"})},
						map[string]any{"method": "DELETE", "path": "/Users/\x00"},
						map[string]any{"method": "PUT", "path": "/Users/" + id, "data": map[string]any{"userName": "cy@acme.example", "title": "\x00"}},
					},
				})
				if r.status != http.StatusOK {
					t.Fatalf("status %d; %s", r.status, r.raw)
				}
				ops, _ := r.body["Operations"].([]any)
				want := []string{"400", "404", "404", "400"}
				if len(ops) != len(want) {
					t.Fatalf("%d results, want %d: %s", len(ops), len(want), r.raw)
				}
				for i, o := range ops {
					if got := o.(map[string]any)["status"]; got != want[i] {
						t.Errorf("operation %d: status %v, want %s; %s", i+1, got, want[i], r.raw)
					}
				}
			})
		})
	}
}

func TestNULInFilters(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := nulEnv(t, backend)
			for _, f := range []string{
				`userName co "\u0000nobody"`,
				"userName co \"\x00nobody\"", // the raw character
				`userName sw "\u0000"`,
				`userName ew "a\u0000"`,
				`userName eq "ada@acme.example\u0000"`,
				`emails[value co "\u0000"]`,
				`emails[type eq "work"].value eq "\u0000"`,
			} {
				attr := "userName"
				if strings.HasPrefix(f, "emails") {
					attr = "emails.value"
				}
				t.Run("GET/"+f, func(t *testing.T) {
					r := e.do("GET", "/scim/v2/Users?filter="+url.QueryEscape(f), nil)
					wantError(t, r, http.StatusBadRequest, "invalidFilter", attr)
				})
				t.Run("search/"+f, func(t *testing.T) {
					r := e.do("POST", "/scim/v2/.search", map[string]any{"filter": f})
					wantError(t, r, http.StatusBadRequest, "invalidFilter", attr)
				})
			}
		})
	}
}

func TestNULInRequestFields(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := nulEnv(t, backend)
			id := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "cy@acme.example"}).body["id"].(string)
			t.Run("IdInPath", func(t *testing.T) {
				for _, p := range []string{"/scim/v2/Users/a%00b", "/scim/v2/Users/" + id + "%00", "/scim/v2/Users/%ff"} {
					for _, m := range []string{"GET", "PUT", "PATCH", "DELETE"} {
						var body any
						switch m {
						case "PUT":
							body = map[string]any{"userName": "x"}
						case "PATCH":
							body = map[string]any{"Operations": []any{map[string]any{"op": "replace", "path": "title", "value": "T"}}}
						}
						wantError(t, e.do(m, p, body), http.StatusNotFound, "", "")
					}
				}
			})
			for _, tc := range []struct{ query, param string }{
				{"sortBy=user%00Name", "sortBy"},
				{"sortOrder=asc%00", "sortOrder"},
				{"startIndex=1%00", "startIndex"},
				{"count=5%00", "count"},
				{"attributes=userName%00", "attributes"},
				{"excludedAttributes=%00", "excludedAttributes"},
			} {
				t.Run(tc.param, func(t *testing.T) {
					wantError(t, e.do("GET", "/scim/v2/Users?"+tc.query, nil), http.StatusBadRequest, "invalidValue", tc.param)
				})
			}
			t.Run("attributesOnOneUser", func(t *testing.T) {
				wantError(t, e.do("GET", "/scim/v2/Users/"+id+"?attributes=%00", nil), http.StatusBadRequest, "invalidValue", "attributes")
			})
			t.Run("searchBody", func(t *testing.T) {
				r := e.do("POST", "/scim/v2/.search", map[string]any{"sortBy": "userName\x00"})
				wantError(t, r, http.StatusBadRequest, "invalidValue", "sortBy")
				r = e.do("POST", "/scim/v2/.search", map[string]any{"attributes": []string{"\x00"}})
				wantError(t, r, http.StatusBadRequest, "invalidValue", "attributes")
			})
			t.Run("BearerToken", func(t *testing.T) {
				// net/http's client and server refuse a NUL in a header;
				// behind another front end one may still arrive.
				for _, h := range []string{"Bearer " + e.token + "\x00", "Bearer \x00", "rst_\x00"} {
					req := httptest.NewRequest("GET", "/scim/v2/Users", nil)
					req.Header.Set("Authorization", h)
					rec := httptest.NewRecorder()
					e.api.ServeHTTP(rec, req)
					if rec.Code != http.StatusUnauthorized {
						t.Errorf("Authorization %q: status %d, want 401; %s", h, rec.Code, rec.Body)
					}
				}
			})
		})
	}
}

// TestBodiesThatAreNotUTF8 sends what encoding/json would read as U+FFFD
// without a word — a Latin-1 byte (a client declaring charset=iso-8859-1),
// a lone surrogate's escape — in every kind of request that carries a
// body: each is refused with 400 invalidSyntax naming the fault, and no
// employee is created or changed.
func TestBodiesThatAreNotUTF8(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			id := e.create("cy@acme.example", nil)
			latin1 := "J\xf6rg"
			surrogate := `emoji\ud800`
			for _, tc := range []struct {
				name, method, path, body, detail string
			}{
				{"POST/Latin-1", "POST", "/scim/v2/Users", `{"userName":"` + latin1 + `@acme.example"}`, "0xF6 at offset 14"},
				{"POST/surrogate", "POST", "/scim/v2/Users", `{"userName":"` + surrogate + `@acme.example"}`, `\ud800 at byte 18`},
				{"PUT/Latin-1", "PUT", "/scim/v2/Users/" + id, `{"userName":"cy@acme.example","displayName":"` + latin1 + `"}`, "0xF6"},
				{"PATCH/Latin-1", "PATCH", "/scim/v2/Users/" + id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"` + latin1 + `"}]}`, "0xF6"},
				{"PATCH/surrogate", "PATCH", "/scim/v2/Users/" + id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"displayName","value":"` + surrogate + `"}]}`, `\ud800`},
				{"Bulk/Latin-1", "POST", "/scim/v2/Bulk", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"` + latin1 + `@acme.example"}}]}`, "0xF6"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.doAs(e.token, tc.method, tc.path, tc.body, map[string]string{"Content-Type": "application/json; charset=iso-8859-1"})
					wantError(t, r, http.StatusBadRequest, "invalidSyntax", tc.detail)
				})
			}
			if got := e.userNames(""); len(got) != 1 {
				t.Errorf("employees after the refused requests: %v, want cy@acme.example alone", got)
			}
			if r := e.do("GET", "/scim/v2/Users/"+id, nil); r.body["displayName"] != nil {
				t.Errorf("displayName after the refused updates: %v, want none", r.body["displayName"])
			}
			// The characters themselves, and a full pair's escape, pass.
			r := e.do("POST", "/scim/v2/Users", `{"userName":"Jörg\ud83d\ude00@acme.example"}`)
			if r.status != http.StatusCreated || r.body["userName"] != "Jörg😀@acme.example" {
				t.Errorf("UTF-8 and an escaped pair: %d %s", r.status, r.raw)
			}
		})
	}
}
