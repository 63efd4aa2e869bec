package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"roster/internal/directory"
	"roster/internal/httpapi"
)

func bulkReq(failOnErrors int, ops ...map[string]any) map[string]any {
	list := make([]any, len(ops))
	for i := range ops {
		list[i] = ops[i]
	}
	req := map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}, "Operations": list}
	if failOnErrors > 0 {
		req["failOnErrors"] = failOnErrors
	}
	return req
}

func post(bulkID string, body map[string]any) map[string]any {
	return map[string]any{"method": "POST", "path": "/Users", "bulkId": bulkID, "data": body}
}

func patchOp(path string, ops ...map[string]any) map[string]any {
	list := make([]any, len(ops))
	for i := range ops {
		list[i] = ops[i]
	}
	return map[string]any{"method": "PATCH", "path": path, "data": map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": list}}
}

// bulkResults returns "METHOD bulkId status" per result, in order.
func bulkResults(t *testing.T, r response) []map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("bulk status %d: %s", r.status, r.raw)
	}
	if !equalJSON(r.body["schemas"], []any{"urn:ietf:params:scim:api:messages:2.0:BulkResponse"}) {
		t.Errorf("schemas = %v", r.body["schemas"])
	}
	var out []map[string]any
	for _, op := range r.body["Operations"].([]any) {
		out = append(out, op.(map[string]any))
	}
	return out
}

func statuses(results []map[string]any) string {
	var s []string
	for _, r := range results {
		s = append(s, fmt.Sprintf("%v:%v", r["bulkId"], r["status"]))
	}
	return strings.Join(s, " ")
}

func TestBulk(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) { testBulk(t, backend) })
	}
}

// wantManagerOf checks that the employee of the Bulk result report has
// the employee of the result boss as its manager, shown as displayName.
func wantManagerOf(t *testing.T, e *env, report, boss map[string]any, displayName string) {
	t.Helper()
	r := e.do("GET", strings.TrimPrefix(report["location"].(string), e.srv.URL), nil)
	mgr := r.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].(map[string]any)["manager"].(map[string]any)
	if mgr["$ref"] != boss["location"] || mgr["displayName"] != displayName {
		t.Fatalf("manager not resolved to the bulk-created boss: %v", mgr)
	}
}

func testBulk(t *testing.T, backend string) {
	e := newEnvOn(t, backend, func(c *httpapi.Config) { c.BulkMaxOperations = 50; c.BulkMaxPayload = 64 << 10 })
	t.Run("MixedOperations", func(t *testing.T) {
		existing := e.create("existing@example.com", nil)
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			post("a", user("a@example.com", nil)),
			patchOp("/Users/bulkId:a", map[string]any{"op": "replace", "path": "title", "value": "Lead"}),
			map[string]any{"method": "PUT", "path": "/Users/" + existing, "version": `W/"1"`, "data": map[string]any{"userName": "existing@example.com", "displayName": "Put"}},
			map[string]any{"method": "DELETE", "path": "/Users/" + existing},
		)))
		if got := statuses(res); got != "a:201 <nil>:200 <nil>:200 <nil>:204" {
			t.Fatalf("statuses %s", got)
		}
		id := strings.TrimPrefix(res[0]["location"].(string), e.srv.URL+"/scim/v2/Users/")
		if res[0]["version"] != `W/"1"` || res[1]["location"] != res[0]["location"] || res[1]["version"] != `W/"2"` {
			t.Errorf("locations/versions: %v", res)
		}
		if r := e.do("GET", "/scim/v2/Users/"+id, nil); r.body["title"] != "Lead" {
			t.Errorf("PATCH through bulkId not applied: %s", r.raw)
		}
		wantError(t, e.do("GET", "/scim/v2/Users/"+existing, nil), http.StatusNotFound, "", "")
	})
	t.Run("ForwardAndBackwardReferences", func(t *testing.T) {
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			post("report", user("report@example.com", map[string]any{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": map[string]any{"value": "bulkId:boss"}}})),
			post("boss", user("boss@example.com", map[string]any{"displayName": "The Boss"})),
			patchOp("/Users/bulkId:boss", map[string]any{"op": "add", "path": "title", "value": "CEO"}),
		)))
		if got := statuses(res); got != "boss:201 report:201 <nil>:200" {
			t.Fatalf("statuses %s (want the referenced POST first)", got)
		}
		wantManagerOf(t, e, res[1], res[0], "The Boss")
	})
	// A client may spell "bulkId:" with JSON escapes (a .NET client
	// escapes far more than it must): it is the same reference.
	t.Run("EscapedBulkIDReference", func(t *testing.T) {
		body := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[
			{"method":"POST","path":"/Users","bulkId":"r","data":{"userName":"escaped-report@example.com",
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"bulk\u0049d:b"}}}},
			{"method":"POST","path":"/Users","bulkId":"b","data":{"userName":"escaped-boss@example.com","displayName":"Jos\u00e9 Boss"}}]}`
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", body))
		if got := statuses(res); got != "b:201 r:201" {
			t.Fatalf("statuses %s (want the referenced POST first)", got)
		}
		wantManagerOf(t, e, res[1], res[0], "José Boss")
	})
	t.Run("CircularReferences", func(t *testing.T) {
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			post("x", user("x@example.com", map[string]any{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": "bulkId:y"}})),
			post("y", user("y@example.com", map[string]any{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": "bulkId:x"}})),
			post("z", user("z@example.com", nil)),
		)))
		if got := statuses(res); got != "z:201 x:409 y:409" {
			t.Fatalf("statuses %s", got)
		}
		if d := res[1]["response"].(map[string]any)["detail"].(string); !strings.Contains(d, "circular") {
			t.Errorf("detail %q", d)
		}
		if r := e.do("GET", `/scim/v2/Users?filter=userName+eq+"x@example.com"`, nil); r.body["totalResults"] != float64(0) {
			t.Errorf("circular operation was applied")
		}
	})
	bad := post("bad", map[string]any{"name": map[string]any{"givenName": "no userName"}})
	t.Run("FailOnErrorsOne", func(t *testing.T) {
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(1, bad, post("f1", user("f1@example.com", nil)))))
		if got := statuses(res); got != "bad:400" {
			t.Fatalf("statuses %s", got)
		}
		if d := res[0]["response"].(map[string]any)["detail"].(string); !strings.Contains(d, `1 more operations were not processed: bulkId "f1"`) {
			t.Errorf("detail does not say what was not done: %q", d)
		}
		if r := e.do("GET", `/scim/v2/Users?filter=userName+eq+"f1@example.com"`, nil); r.body["totalResults"] != float64(0) {
			t.Errorf("operation after failOnErrors was applied")
		}
	})
	t.Run("FailOnErrorsN", func(t *testing.T) {
		bad2 := post("bad2", map[string]any{"userName": true})
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(2, bad, post("n1", user("n1@example.com", nil)), bad2, post("n2", user("n2@example.com", nil)))))
		if got := statuses(res); got != "bad:400 n1:201 bad2:400" {
			t.Fatalf("statuses %s", got)
		}
	})
	t.Run("ConflictingUserNameInsideBatch", func(t *testing.T) {
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, post("c1", user("dup@example.com", nil)), post("c2", user("DUP@example.com", nil)), post("c3", user("ok@example.com", nil)))))
		if got := statuses(res); got != "c1:201 c2:409 c3:201" {
			t.Fatalf("statuses %s", got)
		}
		if res[1]["response"].(map[string]any)["scimType"] != "uniqueness" {
			t.Errorf("response %v", res[1]["response"])
		}
	})
	// On PostgreSQL the creates go to the database deferred, the taken
	// userName found only when they are sent: before the operation that
	// names the failed one by bulkId, which must see it failed.
	t.Run("FailedCreateNamedByBulkID", func(t *testing.T) {
		e.create("held@example.com", nil)
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			post("f1", user("f1@example.com", nil)),
			post("f2", user("HELD@example.com", nil)),
			post("f3", user("f3@example.com", map[string]any{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"manager": map[string]any{"value": "bulkId:f2"}}})),
			post("f4", user("f4@example.com", nil)),
		)))
		if got := statuses(res); got != "f1:201 f2:409 f3:409 f4:201" {
			t.Fatalf("statuses %s", got)
		}
		if res[1]["location"] != nil || res[1]["response"].(map[string]any)["scimType"] != "uniqueness" {
			t.Errorf("the taken userName's result: %v", res[1])
		}
		if d := res[2]["response"].(map[string]any)["detail"].(string); !strings.Contains(d, `operation "f2" failed`) {
			t.Errorf("the create naming it: %q", d)
		}
		for _, name := range []string{"f1", "f4"} {
			if r := e.do("GET", `/scim/v2/Users?filter=userName+eq+"`+name+`@example.com"`, nil); r.body["totalResults"] != float64(1) {
				t.Errorf("%s not stored: %s", name, r.raw)
			}
		}
		if r := e.do("GET", `/scim/v2/Users?filter=userName+eq+"f3@example.com"`, nil); r.body["totalResults"] != float64(0) {
			t.Errorf("f3 stored: %s", r.raw)
		}
	})
	t.Run("OtherCompanysIDIsNotFound", func(t *testing.T) {
		other, tokenB := e.newCompany("Other")
		_ = other
		idB := func() string {
			r := e.doAs(tokenB, "POST", "/scim/v2/Users", user("b@example.com", nil), nil)
			return r.body["id"].(string)
		}()
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			patchOp("/Users/"+idB, map[string]any{"op": "replace", "value": map[string]any{"active": false}}),
			map[string]any{"method": "DELETE", "path": "/Users/" + idB})))
		if got := statuses(res); got != "<nil>:404 <nil>:404" {
			t.Fatalf("statuses %s", got)
		}
		if r := e.doAs(tokenB, "GET", "/scim/v2/Users/"+idB, nil, nil); r.status != 200 || r.body["active"] != true {
			t.Fatalf("other company's employee changed: %s", r.raw)
		}
	})
	t.Run("StaleVersionIs412", func(t *testing.T) {
		id := e.create("versioned@example.com", nil)
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, map[string]any{"method": "DELETE", "path": "/Users/" + id, "version": `W/"7"`})))
		if got := statuses(res); got != "<nil>:412" {
			t.Fatalf("statuses %s", got)
		}
	})
	t.Run("MalformedOperations", func(t *testing.T) {
		res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			map[string]any{"method": "GET", "path": "/Users", "bulkId": "g"},
			map[string]any{"method": "POST", "path": "/Groups", "bulkId": "grp", "data": map[string]any{"displayName": "x"}},
			map[string]any{"method": "POST", "path": "/Users", "data": user("nobulkid@example.com", nil)},
			patchOp("/Users/bulkId:nowhere", map[string]any{"op": "replace", "path": "title", "value": "x"}),
		)))
		if got := statuses(res); got != "g:400 grp:501 <nil>:400 <nil>:409" {
			t.Fatalf("statuses %s", got)
		}
	})
	// A body that is no BulkRequest is refused whole, saying what is
	// wrong in the request's terms.
	t.Run("NotABulkRequest", func(t *testing.T) {
		for body, detail := range map[string]string{
			`{"Operations":[{"method":5,"path":"/Users"}]}`: `"Operations[].method" must be a string, not a number`,
			`{"Operations":[{"method":"POST"`:               "unexpected end of JSON input",
			`{"failOnErrors":"1","Operations":[]}`:          `"failOnErrors" must be an integer, not a string`,
		} {
			wantError(t, e.do("POST", "/scim/v2/Bulk", body), http.StatusBadRequest, "invalidSyntax", "the body is not a valid BulkRequest: "+detail)
		}
	})
	// A Groups operation gets /Groups's own 501, each, and the Bulk goes
	// on (failOnErrors 0 here; 1 stops after the first).
	t.Run("GroupsOperationsAre501", func(t *testing.T) {
		r := e.do("POST", "/scim/v2/Bulk", bulkReq(0,
			map[string]any{"method": "POST", "path": "/Groups", "bulkId": "grp", "data": map[string]any{"displayName": "Sales"}},
			map[string]any{"method": "PATCH", "path": "/groups/abc", "data": map[string]any{"Operations": []any{}}},
			post("after", user("aftergroups@example.com", nil)),
			map[string]any{"method": "DELETE", "path": "/Groups/abc"},
		))
		res := bulkResults(t, r)
		if got := statuses(res); got != "grp:501 <nil>:501 after:201 <nil>:501" {
			t.Fatalf("statuses %s", got)
		}
		resp, _ := res[0]["response"].(map[string]any)
		if resp["status"] != "501" || !strings.Contains(resp["detail"].(string), "Groups are not supported") {
			t.Errorf("response = %v; want /Groups's error", resp)
		}
		res = bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(1,
			map[string]any{"method": "DELETE", "path": "/Groups/abc"},
			post("never", user("never@example.com", nil)))))
		if got := statuses(res); got != "<nil>:501" {
			t.Fatalf("failOnErrors 1: statuses %s", got)
		}
	})
	t.Run("TooManyOperationsIs413", func(t *testing.T) {
		var ops []map[string]any
		for i := 0; i < 51; i++ {
			ops = append(ops, post(fmt.Sprint(i), user(fmt.Sprintf("many%d@example.com", i), nil)))
		}
		wantError(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...)), http.StatusRequestEntityTooLarge, "", "maxOperations is 50")
	})
	t.Run("PayloadTooLargeIs413", func(t *testing.T) {
		big := user("big@example.com", map[string]any{"displayName": strings.Repeat("x", 70<<10)})
		wantError(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, post("big", big))), http.StatusRequestEntityTooLarge, "", "65536 bytes")
	})
	t.Run("ChunkedPayloadTooLargeIs413WhileStreaming", func(t *testing.T) {
		// No Content-Length: the limit must hold while the body streams in.
		body := `{"Operations":[{"method":"POST","path":"/Users","bulkId":"s","data":{"userName":"` + strings.Repeat("y", 100<<10) + `"}}]}`
		r := e.do("POST", "/scim/v2/Bulk", io.MultiReader(strings.NewReader(body)))
		wantError(t, r, http.StatusRequestEntityTooLarge, "", "maxPayloadSize")
	})
	t.Run("ServiceProviderConfigAdvertisesLimits", func(t *testing.T) {
		b := e.do("GET", "/scim/v2/ServiceProviderConfig", nil).body["bulk"].(map[string]any)
		if b["supported"] != true || b["maxOperations"] != float64(50) || b["maxPayloadSize"] != float64(64<<10) {
			t.Fatalf("bulk = %v", b)
		}
	})
}

// A long Bulk request's creates are deferred in chunks (bulk_run.go); a
// taken userName on either side of a chunk's edge fails alone.
func TestBulkDeferredInChunks(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, func(c *httpapi.Config) { c.BulkMaxOperations = 300 })
			taken := map[int]bool{0: true, 99: true, 100: true, 249: true}
			for i := range taken {
				e.create(fmt.Sprintf("c%03d@example.com", i), nil)
			}
			var ops []map[string]any
			for i := range 250 {
				ops = append(ops, post(fmt.Sprint("c", i), user(fmt.Sprintf("C%03d@example.com", i), nil)))
			}
			res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...)))
			for i, r := range res {
				want := "201"
				if taken[i] {
					want = "409"
				}
				if r["status"] != want || (want == "201") != (r["location"] != nil) {
					t.Errorf("create %d: %v; want %s", i, r, want)
				}
			}
			if r := e.do("GET", "/scim/v2/Users?count=1", nil); r.body["totalResults"] != float64(250) {
				t.Errorf("%v employees; want 250", r.body["totalResults"])
			}
		})
	}
}

// A Bulk create whose company attribute value an open list admits, and
// which then fails — its userName taken — fails alone: the request's
// other operations are stored, and the failed one's value is not
// admitted (on SQLite such a create, which writes the list before its
// employee, takes a savepoint of its own).
func TestBulkAdmittingCreateFailsAlone(t *testing.T) {
	const ext = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			location := directory.AttributeDef{ID: directory.NewID(), CompanyID: e.company.ID, Name: "Location", Type: directory.TypeOption, Open: true}
			if err := e.store.CreateAttribute(context.Background(), &location); err != nil {
				t.Fatal(err)
			}
			e.create("taken@example.com", nil)
			at := func(userName, place string) map[string]any {
				return user(userName, map[string]any{
					"schemas": []any{"urn:ietf:params:scim:schemas:core:2.0:User", ext},
					ext:       map[string]any{"Location": place},
				})
			}
			res := bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0,
				post("a", at("TAKEN@example.com", "Berlin")),
				post("b", at("oslo@example.com", "Oslo")))))
			if len(res) != 2 || res[0]["status"] != "409" || res[1]["status"] != "201" {
				t.Fatalf("results %v; want 409 and 201", res)
			}
			stored, err := e.store.Attribute(context.Background(), e.company.ID, location.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(stored.Options, []string{"Oslo"}) {
				t.Errorf("options %q; want only Oslo's", stored.Options)
			}
		})
	}
}
