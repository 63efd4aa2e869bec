package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"
)

// A page long enough to be written in parts side by side (a few hundred
// employees) holds every employee once, in creation order, each resource
// whole and its own: its userName, email, location and id agree — with a
// projection too.
func TestLongPageWhole(t *testing.T) {
	e := newEnv(t)
	const n = 450
	ops := make([]map[string]any, n)
	for i := range ops {
		ops[i] = post(fmt.Sprint("b", i), user(fmt.Sprintf("long%03d@example.com", i), map[string]any{"title": fmt.Sprint("T", i)}))
	}
	for _, res := range bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...))) {
		if res["status"] != "201" {
			t.Fatalf("bulk create: %v", res)
		}
	}
	for _, query := range []string{"count=1000", "count=1000&excludedAttributes=title", "startIndex=2&count=1000"} {
		r := e.do("GET", "/scim/v2/Users?"+query, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET ?%s: %d %s", query, r.status, r.raw)
		}
		first := 0
		if query[:10] == "startIndex" {
			first = 1
		}
		list := r.body["Resources"].([]any)
		if len(list) != n-first || r.body["itemsPerPage"] != float64(n-first) || r.body["totalResults"] != float64(n) {
			t.Fatalf("GET ?%s: %d resources, itemsPerPage %v, totalResults %v", query, len(list), r.body["itemsPerPage"], r.body["totalResults"])
		}
		for i, item := range list {
			u := item.(map[string]any)
			name := fmt.Sprintf("long%03d@example.com", first+i)
			email := u["emails"].([]any)[0].(map[string]any)["value"]
			location := u["meta"].(map[string]any)["location"]
			_, hasTitle := u["title"]
			if u["userName"] != name || email != name || location != e.srv.URL+"/scim/v2/Users/"+u["id"].(string) ||
				hasTitle == (query == "count=1000&excludedAttributes=title") {
				t.Fatalf("GET ?%s: resource %d = %v; want %s", query, i, u, name)
			}
		}
	}
}
