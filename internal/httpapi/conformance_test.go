package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// user is a minimal valid POST body.
func user(userName string, extra map[string]any) map[string]any {
	u := map[string]any{
		"schemas":  []any{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": userName,
		"name":     map[string]any{"givenName": "Given " + userName, "familyName": "Family"},
		"emails":   []any{map[string]any{"value": userName, "type": "work", "primary": true}},
		"active":   true,
	}
	for k, v := range extra {
		u[k] = v
	}
	return u
}

func (e *env) create(userName string, extra map[string]any) string {
	e.t.Helper()
	r := e.do("POST", "/scim/v2/Users", user(userName, extra))
	if r.status != http.StatusCreated {
		e.t.Fatalf("create %s: status %d: %s", userName, r.status, r.raw)
	}
	return r.body["id"].(string)
}

func filterIDs(t *testing.T, e *env, filter string) []string {
	t.Helper()
	ids := e.userNames("count=1000&filter=" + url.QueryEscape(filter))
	sort.Strings(ids)
	return ids
}

func TestUsersCreate(t *testing.T) {
	e := newEnv(t)
	t.Run("Returns201WithLocationAndETag", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", user("ada@example.com", nil))
		if r.status != http.StatusCreated {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		id, _ := r.body["id"].(string)
		if id == "" {
			t.Fatal("no id")
		}
		if got, want := r.header.Get("Location"), e.srv.URL+"/scim/v2/Users/"+id; got != want {
			t.Errorf("Location = %q, want %q", got, want)
		}
		meta := r.body["meta"].(map[string]any)
		if meta["location"] != r.header.Get("Location") || meta["resourceType"] != "User" {
			t.Errorf("meta = %v", meta)
		}
		if got := r.header.Get("ETag"); got != `W/"1"` || meta["version"] != got {
			t.Errorf("ETag = %q, meta.version = %v, want W/\"1\"", got, meta["version"])
		}
		if meta["created"] == "" || meta["lastModified"] == "" {
			t.Errorf("meta lacks timestamps: %v", meta)
		}
	})
	t.Run("ApplicationJSONAccepted", func(t *testing.T) {
		r := e.doAs(e.token, "POST", "/scim/v2/Users", user("json@example.com", nil), map[string]string{"Content-Type": "application/json; charset=utf-8"})
		if r.status != http.StatusCreated {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
	})
	t.Run("OtherMediaTypeRefused", func(t *testing.T) {
		r := e.doAs(e.token, "POST", "/scim/v2/Users", user("xml@example.com", nil), map[string]string{"Content-Type": "text/xml"})
		wantError(t, r, http.StatusUnsupportedMediaType, "", "application/scim+json")
	})
	t.Run("MissingUserNameIsInvalidValue", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", map[string]any{"name": map[string]any{"givenName": "x"}})
		wantError(t, r, http.StatusBadRequest, "invalidValue", "userName")
	})
	t.Run("MalformedJSONIsInvalidSyntax", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", `{"userName": "x"`)
		wantError(t, r, http.StatusBadRequest, "invalidSyntax", "JSON")
	})
	// JSON, but not an object: said in JSON's terms, never the Go type
	// it would have been read into; so for a Bulk operation's data.
	t.Run("NotAnObjectIsInvalidSyntax", func(t *testing.T) {
		for body, kind := range map[string]string{`"x"`: "a string", `[]`: "an array", `1`: "a number"} {
			r := e.do("POST", "/scim/v2/Users", body)
			wantError(t, r, http.StatusBadRequest, "invalidSyntax", "the request body must be an object, not "+kind)
			if raw := string(r.raw); strings.Contains(raw, "Go value") || strings.Contains(raw, "interface") {
				t.Errorf("%s: %s", body, r.raw)
			}
		}
		r := e.do("POST", "/scim/v2/.search", `{"count":"ten"}`)
		wantError(t, r, http.StatusBadRequest, "invalidSyntax", `"count" must be an integer, not a string`)
		r = e.do("POST", "/scim/v2/.search", `"x"`)
		wantError(t, r, http.StatusBadRequest, "invalidSyntax", "it must be an object, not a string")
		r = e.do("POST", "/scim/v2/Bulk", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Users","bulkId":"a","data":"str"}]}`)
		if raw := string(r.raw); r.status != http.StatusOK || strings.Contains(raw, "Go value") || !strings.Contains(raw, "must be an object, not a string") {
			t.Errorf("Bulk data \"str\": %d %s", r.status, r.raw)
		}
	})
	t.Run("WrongTypeIsInvalidValue", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", map[string]any{"userName": "typed@example.com", "active": "maybe"})
		wantError(t, r, http.StatusBadRequest, "invalidValue", "active")
	})
	t.Run("ClientIDAndMetaIgnored", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", user("meta@example.com", map[string]any{"id": "chosen-by-client", "meta": map[string]any{"version": `W/"99"`}}))
		if r.status != http.StatusCreated || r.body["id"] == "chosen-by-client" {
			t.Fatalf("status %d, id %v", r.status, r.body["id"])
		}
	})
	t.Run("DuplicateUserNameAnyCaseIsConflict", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users", user("ADA@EXAMPLE.COM", nil))
		wantError(t, r, http.StatusConflict, "uniqueness", "ADA@EXAMPLE.COM")
	})
	t.Run("ConcurrentSameUserNameCreatesOne", func(t *testing.T) {
		var wg sync.WaitGroup
		statuses := make([]int, 10)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = e.do("POST", "/scim/v2/Users", user("race@example.com", nil)).status
			}()
		}
		wg.Wait()
		created, conflicts := 0, 0
		for _, s := range statuses {
			switch s {
			case http.StatusCreated:
				created++
			case http.StatusConflict:
				conflicts++
			}
		}
		if created != 1 || conflicts != 9 {
			t.Fatalf("statuses %v: want one 201 and nine 409", statuses)
		}
		if got := filterIDs(t, e, `userName eq "race@example.com"`); len(got) != 1 {
			t.Fatalf("stored %d employees named race@example.com", len(got))
		}
	})
}

func TestUsersGetPutDelete(t *testing.T) {
	e := newEnv(t)
	id := e.create("grace@example.com", map[string]any{"title": "Admiral", "locale": "en-US"})
	t.Run("GetUnknownIs404", func(t *testing.T) {
		wantError(t, e.do("GET", "/scim/v2/Users/does-not-exist", nil), http.StatusNotFound, "", "does-not-exist")
	})
	t.Run("PutReplacesWholeResource", func(t *testing.T) {
		r := e.do("PUT", "/scim/v2/Users/"+id, map[string]any{"userName": "grace@example.com", "displayName": "Grace", "active": true})
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		if r.body["displayName"] != "Grace" || r.body["title"] != nil || r.body["emails"] != nil {
			t.Errorf("PUT did not replace: %s", r.raw)
		}
		if r.body["id"] != id {
			t.Errorf("id changed to %v", r.body["id"])
		}
	})
	t.Run("PutChangingIDIsMutability", func(t *testing.T) {
		r := e.do("PUT", "/scim/v2/Users/"+id, map[string]any{"id": "other", "userName": "grace@example.com"})
		wantError(t, r, http.StatusBadRequest, "mutability", "id")
	})
	t.Run("PutUnknownIs404", func(t *testing.T) {
		wantError(t, e.do("PUT", "/scim/v2/Users/nope", map[string]any{"userName": "x"}), http.StatusNotFound, "", "nope")
	})
	t.Run("StaleIfMatchIs412", func(t *testing.T) {
		r := e.doAs(e.token, "PUT", "/scim/v2/Users/"+id, map[string]any{"userName": "grace@example.com"}, map[string]string{"If-Match": `W/"1"`})
		wantError(t, r, http.StatusPreconditionFailed, "", "version")
	})
	t.Run("CurrentIfMatchSucceeds", func(t *testing.T) {
		cur := e.do("GET", "/scim/v2/Users/"+id, nil)
		r := e.doAs(e.token, "PUT", "/scim/v2/Users/"+id, map[string]any{"userName": "grace@example.com", "title": "Rear Admiral"}, map[string]string{"If-Match": cur.header.Get("ETag")})
		if r.status != http.StatusOK || r.body["title"] != "Rear Admiral" {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
	})
	t.Run("DeleteThen404", func(t *testing.T) {
		if r := e.do("DELETE", "/scim/v2/Users/"+id, nil); r.status != http.StatusNoContent {
			t.Fatalf("delete status %d: %s", r.status, r.raw)
		}
		wantError(t, e.do("GET", "/scim/v2/Users/"+id, nil), http.StatusNotFound, "", id)
		wantError(t, e.do("DELETE", "/scim/v2/Users/"+id, nil), http.StatusNotFound, "", id)
	})
}

func TestUsersPatchErrors(t *testing.T) {
	e := newEnv(t)
	id := e.create("pat@example.com", nil)
	patch := func(ops ...map[string]any) response {
		list := make([]any, len(ops))
		for i := range ops {
			list[i] = ops[i]
		}
		return e.do("PATCH", "/scim/v2/Users/"+id, map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": list})
	}
	cases := []struct {
		name     string
		op       map[string]any
		status   int
		scimType string
		detail   string
	}{
		{"UnknownOp", map[string]any{"op": "merge", "path": "title", "value": "x"}, 400, "invalidSyntax", "merge"},
		{"BadPathSyntax", map[string]any{"op": "replace", "path": "emails[type eq", "value": "x"}, 400, "invalidPath", ""},
		{"RemoveWithoutPath", map[string]any{"op": "remove"}, 400, "noTarget", ""},
		{"ChangeID", map[string]any{"op": "replace", "path": "id", "value": "x"}, 400, "mutability", "id"},
		{"ActiveNotBoolean", map[string]any{"op": "replace", "path": "active", "value": "perhaps"}, 400, "invalidValue", "active"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, patch(c.op), c.status, c.scimType, c.detail)
		})
	}
	t.Run("AllOrNothing", func(t *testing.T) {
		r := patch(map[string]any{"op": "replace", "path": "title", "value": "Changed"}, map[string]any{"op": "replace", "path": "active", "value": "perhaps"})
		wantError(t, r, http.StatusBadRequest, "invalidValue", "active")
		if got := e.do("GET", "/scim/v2/Users/"+id, nil); got.body["title"] != nil {
			t.Fatalf("first operation was applied: title = %v", got.body["title"])
		}
	})
	t.Run("PatchUnknownIs404", func(t *testing.T) {
		r := e.do("PATCH", "/scim/v2/Users/nope", map[string]any{"Operations": []any{map[string]any{"op": "replace", "path": "title", "value": "x"}}})
		wantError(t, r, http.StatusNotFound, "", "nope")
	})
	t.Run("UserNameConflictOnPatch", func(t *testing.T) {
		e.create("taken@example.com", nil)
		wantError(t, patch(map[string]any{"op": "replace", "path": "userName", "value": "TAKEN@example.com"}), http.StatusConflict, "uniqueness", "")
	})
}

func TestUsersFilterOperators(t *testing.T) {
	e := newEnv(t)
	e.create("alice@acme.example", map[string]any{"title": "Engineer", "externalId": "EXT-1",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "R&D", "employeeNumber": "100"}})
	e.create("bob@acme.example", map[string]any{"title": "Sales Lead", "externalId": "ext-2", "active": false,
		"emails": []any{map[string]any{"value": "bob@home.example", "type": "home"}, map[string]any{"value": "bob@acme.example", "type": "work", "primary": true}}})
	e.create("carol@other.example", map[string]any{"externalId": "EXT-3",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "Sales"}})
	all := []string{"alice@acme.example", "bob@acme.example", "carol@other.example"}
	cases := []struct {
		filter string
		want   []string
	}{
		{`userName eq "ALICE@acme.example"`, []string{"alice@acme.example"}},
		{`UserName EQ "alice@acme.example"`, []string{"alice@acme.example"}},
		{`userName ne "alice@acme.example"`, []string{"bob@acme.example", "carol@other.example"}},
		{`userName co "ACME"`, []string{"alice@acme.example", "bob@acme.example"}},
		{`userName sw "b"`, []string{"bob@acme.example"}},
		{`userName ew ".EXAMPLE"`, all},
		{`title pr`, []string{"alice@acme.example", "bob@acme.example"}},
		{`not (title pr)`, []string{"carol@other.example"}},
		{`userName gt "b"`, []string{"bob@acme.example", "carol@other.example"}},
		{`userName ge "bob@acme.example"`, []string{"bob@acme.example", "carol@other.example"}},
		{`userName lt "b"`, []string{"alice@acme.example"}},
		{`userName le "bob@acme.example"`, []string{"alice@acme.example", "bob@acme.example"}},
		{`externalId eq "EXT-1"`, []string{"alice@acme.example"}},
		{`externalId eq "ext-1"`, nil},
		{`active eq false`, []string{"bob@acme.example"}},
		{`active eq "True"`, []string{"alice@acme.example", "carol@other.example"}},
		{`emails.value eq "bob@home.example"`, []string{"bob@acme.example"}},
		{`emails[type eq "work"].value eq "bob@acme.example"`, []string{"bob@acme.example"}},
		{`emails[type eq "home" and value co "acme"]`, nil},
		{`emails[type eq "home" and value co "home"]`, []string{"bob@acme.example"}},
		{`emails co "other"`, []string{"carol@other.example"}},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales"`, []string{"carol@other.example"}},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "100"`, []string{"alice@acme.example"}},
		{`meta.created gt "2000-01-01T00:00:00Z"`, all},
		{`meta.lastModified lt "2000-01-01T00:00:00Z"`, nil},
		{`meta.resourceType eq "User"`, all},
		{`title eq "Engineer" or title eq "Sales Lead" and active eq true`, []string{"alice@acme.example"}},
		{`(title eq "Engineer" or title eq "Sales Lead") and active eq false`, []string{"bob@acme.example"}},
		{`userName eq "x' OR 1=1 --"`, nil},
		{`userName co "%"`, nil},
		{`userName co "_"`, nil},
	}
	for _, c := range cases {
		t.Run(c.filter, func(t *testing.T) {
			got := filterIDs(t, e, c.filter)
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("filter %s\n got %v\nwant %v", c.filter, got, c.want)
			}
		})
	}
	for _, bad := range []struct{ filter, detail string }{
		{`userName eq`, ""},
		{`nosuch eq "x"`, "nosuch"},
		{`userName eq 'x'`, ""},
		{`active gt true`, "active"},
		// Parsed and checked against the schema, but not evaluated by the
		// store: invalidFilter too (README, Filters), not invalidValue.
		{`meta.version eq "W/\"1\""`, "meta.version"},
		{`meta.location pr`, "meta.location"},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq "x"`, "manager.displayName"},
		// Given, but blank: not read as no filter, which would answer
		// every employee to a client whose filter came out empty.
		{``, "it is empty"},
		{` `, "it is empty"},
	} {
		t.Run("Invalid/"+bad.filter, func(t *testing.T) {
			r := e.do("GET", "/scim/v2/Users?filter="+url.QueryEscape(bad.filter), nil)
			wantError(t, r, http.StatusBadRequest, "invalidFilter", bad.detail)
			r = e.do("POST", "/scim/v2/Users/.search", map[string]any{"filter": bad.filter})
			wantError(t, r, http.StatusBadRequest, "invalidFilter", bad.detail)
		})
	}
	// A parameter given twice: which one the client meant cannot be
	// told, and reading the first would drop the other without a trace.
	for _, tc := range []struct{ query, scimType, param string }{
		{"filter=" + url.QueryEscape(`userName eq "a"`) + "&filter=" + url.QueryEscape(`userName eq "b"`), "invalidFilter", "filter is given 2 times"},
		{"count=1&count=2", "invalidValue", "count is given 2 times; roster reads one: send it once"},
		{"startIndex=1&startIndex=1", "invalidValue", "startIndex is given 2 times"},
		{"attributes=userName&attributes=emails", "invalidValue", "attributes is given 2 times"},
	} {
		t.Run("Repeated/"+tc.query, func(t *testing.T) {
			wantError(t, e.do("GET", "/scim/v2/Users?"+tc.query, nil), http.StatusBadRequest, tc.scimType, tc.param)
		})
	}
	if r := e.do("GET", "/scim/v2/Users?count=1&unknown=a&unknown=b", nil); r.status != http.StatusOK {
		t.Errorf("a parameter roster does not read, given twice: %d %v", r.status, r.body)
	}
	// No filter at all lists everyone, in the URL and in a SearchRequest.
	everyone := len(filterIDs(t, e, `userName pr`))
	if r := e.do("GET", "/scim/v2/Users", nil); r.body["totalResults"] != float64(everyone) {
		t.Errorf("no filter: totalResults %v, want %d", r.body["totalResults"], everyone)
	}
	if r := e.do("POST", "/scim/v2/Users/.search", map[string]any{"filter": nil}); r.body["totalResults"] != float64(everyone) {
		t.Errorf("a SearchRequest with a null filter: totalResults %v, want %d", r.body["totalResults"], everyone)
	}
}

func TestUsersPagingSortingProjection(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 5; i++ {
		e.create(fmt.Sprintf("u%d@example.com", i), map[string]any{"displayName": fmt.Sprintf("Name %d", 6-i)})
	}
	page := e.userNames
	t.Run("StablePages", func(t *testing.T) {
		got := append(page("startIndex=1&count=2"), append(page("startIndex=3&count=2"), page("startIndex=5&count=2")...)...)
		want := []string{"u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com", "u5@example.com"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("pages = %v, want %v", got, want)
		}
	})
	t.Run("StartIndexBelowOneIsOne", func(t *testing.T) {
		if got := page("startIndex=0&count=1"); fmt.Sprint(got) != "[u1@example.com]" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("CountZeroGivesOnlyTotal", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/Users?count=0", nil)
		if r.body["totalResults"] != float64(5) || len(r.body["Resources"].([]any)) != 0 || r.body["itemsPerPage"] != float64(0) {
			t.Errorf("got %s", r.raw)
		}
	})
	t.Run("SortByDisplayNameDescending", func(t *testing.T) {
		if got := page("sortBy=displayName&sortOrder=descending&count=2"); fmt.Sprint(got) != "[u1@example.com u2@example.com]" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("NonNumericCountIsInvalidValue", func(t *testing.T) {
		wantError(t, e.do("GET", "/scim/v2/Users?count=ten", nil), http.StatusBadRequest, "invalidValue", "count")
	})
	t.Run("AttributesProjection", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/Users?count=1&attributes=displayName", nil)
		res := r.body["Resources"].([]any)[0].(map[string]any)
		if res["id"] == nil || res["userName"] == nil || res["displayName"] == nil || res["emails"] != nil || res["name"] != nil {
			t.Errorf("projection: %v", res)
		}
	})
	t.Run("ExcludedAttributes", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/Users?count=1&excludedAttributes=emails,userName", nil)
		res := r.body["Resources"].([]any)[0].(map[string]any)
		if res["emails"] != nil || res["userName"] == nil {
			t.Errorf("excluded: %v", res)
		}
	})
	// An extension's URN alone names all of its attributes.
	t.Run("ExtensionByURN", func(t *testing.T) {
		const ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
		id := e.create("ext-urn@example.com", map[string]any{ent: map[string]any{"department": "R&D", "employeeNumber": "7"}})
		r := e.do("GET", "/scim/v2/Users/"+id+"?attributes="+ent, nil)
		if ext, _ := r.body[ent].(map[string]any); ext["department"] != "R&D" || ext["employeeNumber"] != "7" || r.body["emails"] != nil {
			t.Errorf("attributes=%s: %s", ent, r.raw)
		}
		r = e.do("GET", "/scim/v2/Users/"+id+"?excludedAttributes="+ent, nil)
		if r.body[ent] != nil || r.body["userName"] != "ext-urn@example.com" {
			t.Errorf("excludedAttributes=%s: %s", ent, r.raw)
		}
	})
	t.Run("SearchEndpoint", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Users/.search", map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}, "filter": `userName eq "u3@example.com"`, "count": 10})
		if r.status != http.StatusOK || r.body["totalResults"] != float64(1) {
			t.Errorf("status %d: %s", r.status, r.raw)
		}
	})
}

func TestTenantIsolation(t *testing.T) {
	e := newEnv(t)
	idA := e.create("shared@example.com", nil)
	_, tokenB := e.newCompany("Other Co")
	b := func(method, path string, body any) response { return e.doAs(tokenB, method, path, body, nil) }
	t.Run("GetOtherCompanysEmployeeIs404", func(t *testing.T) {
		wantError(t, b("GET", "/scim/v2/Users/"+idA, nil), http.StatusNotFound, "", "")
	})
	t.Run("ListAndFilterSeeNothing", func(t *testing.T) {
		for _, q := range []string{"", "?filter=" + url.QueryEscape(`userName eq "shared@example.com"`), "?filter=" + url.QueryEscape(`id eq "`+idA+`"`)} {
			if r := b("GET", "/scim/v2/Users"+q, nil); r.body["totalResults"] != float64(0) {
				t.Errorf("GET /Users%s as B: %s", q, r.raw)
			}
		}
	})
	t.Run("WritesToOtherCompanysEmployeeAre404", func(t *testing.T) {
		wantError(t, b("PUT", "/scim/v2/Users/"+idA, map[string]any{"userName": "hijack@example.com"}), http.StatusNotFound, "", "")
		wantError(t, b("PATCH", "/scim/v2/Users/"+idA, map[string]any{"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}}}), http.StatusNotFound, "", "")
		wantError(t, b("DELETE", "/scim/v2/Users/"+idA, nil), http.StatusNotFound, "", "")
		if r := e.do("GET", "/scim/v2/Users/"+idA, nil); r.status != 200 || r.body["active"] != true || r.body["userName"] != "shared@example.com" {
			t.Fatalf("employee of A changed: %s", r.raw)
		}
	})
	t.Run("SameUserNameInOtherCompanyIsAllowed", func(t *testing.T) {
		if r := b("POST", "/scim/v2/Users", user("shared@example.com", nil)); r.status != http.StatusCreated {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
	})
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	t.Run("MissingToken", func(t *testing.T) {
		r := e.doAs("", "GET", "/scim/v2/Users", nil, nil)
		wantError(t, r, http.StatusUnauthorized, "", "bearer token")
		if r.header.Get("WWW-Authenticate") == "" {
			t.Error("no WWW-Authenticate header")
		}
	})
	t.Run("WrongToken", func(t *testing.T) {
		wantError(t, e.doAs("rst_not-a-token", "GET", "/scim/v2/Users", nil, nil), http.StatusUnauthorized, "", "not valid")
	})
	t.Run("BareTokenAccepted", func(t *testing.T) {
		r := e.doAs("", "GET", "/scim/v2/Users", nil, map[string]string{"Authorization": e.token})
		if r.status != http.StatusOK {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
	})
	// Some Okta app templates put "Bearer " before the API token field,
	// into which the admin pasted "Bearer <token>" from the console.
	t.Run("OktaBearerBearerAccepted", func(t *testing.T) {
		for _, h := range []string{"Bearer Bearer " + e.token, "Bearer  bearer " + e.token, "bearer " + e.token} {
			r := e.doAs("", "GET", "/scim/v2/Users", nil, map[string]string{"Authorization": h})
			if r.status != http.StatusOK {
				t.Errorf("Authorization %q: status %d: %s", h[:len(h)-len(e.token)]+"…", r.status, r.raw)
			}
		}
		r := e.doAs("", "GET", "/scim/v2/Users", nil, map[string]string{"Authorization": "Bearer Bearer Bearer " + e.token})
		wantError(t, r, http.StatusUnauthorized, "", "not valid")
	})
	t.Run("RevokedToken", func(t *testing.T) {
		token := e.newToken(e.company.ID, "Okta")
		conns, err := e.store.Connections(t.Context(), e.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range conns {
			if c.Label == "Okta" {
				if err := e.store.RevokeConnection(t.Context(), c.ID, c.Created); err != nil {
					t.Fatal(err)
				}
			}
		}
		wantError(t, e.doAs(token, "GET", "/scim/v2/Users", nil, nil), http.StatusUnauthorized, "", "revoked")
	})
	t.Run("ProvisioningDisabled", func(t *testing.T) {
		c, token := e.newCompany("Paused Co")
		if err := e.store.SetProvisioningDisabled(t.Context(), c.ID, true); err != nil {
			t.Fatal(err)
		}
		// 503 + Retry-After, not 403: Entra takes a 403 for bad
		// credentials and may quarantine the job; a 503 it retries.
		r := e.doAs(token, "GET", "/scim/v2/Users", nil, nil)
		wantError(t, r, http.StatusServiceUnavailable, "", "paused by this company's administrator")
		if got := r.header.Get("Retry-After"); got == "" {
			t.Error("paused provisioning answered without Retry-After")
		}
	})
}

func TestBaseURLShapes(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/scim/v2/Users", "/scim/v2/Users/", "/Users", "/scim/v2/scim/v2/Users", "/scim/v2//Users", "/scim/Users", "/scim/v2/users?aadOptscim062020"} {
		t.Run(p, func(t *testing.T) {
			if r := e.do("GET", p, nil); r.status != http.StatusOK || r.body["totalResults"] == nil {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
		})
	}
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	t.Run("ServiceProviderConfig", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/ServiceProviderConfig", nil)
		if r.status != 200 || r.body["patch"].(map[string]any)["supported"] != true || r.body["bulk"].(map[string]any)["supported"] != true {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
	})
	t.Run("ResourceTypesListsUserOnly", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/ResourceTypes", nil)
		res := r.body["Resources"].([]any)
		if len(res) != 1 || res[0].(map[string]any)["name"] != "User" {
			t.Fatalf("got %s", r.raw)
		}
	})
	t.Run("SchemasAndSchemaByURN", func(t *testing.T) {
		r := e.do("GET", "/scim/v2/Schemas", nil)
		// Core, enterprise and the company extension (which holds at least
		// the read-only pendingReferences).
		if r.body["totalResults"] != float64(3) {
			t.Fatalf("got %s", r.raw)
		}
		r = e.do("GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", nil)
		if r.status != 200 || !strings.Contains(string(r.raw), `"employeeNumber"`) {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		wantError(t, e.do("GET", "/scim/v2/Schemas/urn:nope", nil), http.StatusNotFound, "", "urn:nope")
	})
	t.Run("GroupsNotImplemented", func(t *testing.T) {
		wantError(t, e.do("GET", "/scim/v2/Groups", nil), http.StatusNotImplemented, "", "Groups are not supported")
		wantError(t, e.do("POST", "/scim/v2/Groups", map[string]any{"displayName": "x"}), http.StatusNotImplemented, "", "Groups")
	})
}
