package httpapi_test

import (
	"fmt"
	"testing"
)

const enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

// An HR export sent as several Bulk requests, reports before their
// managers: each employee names its manager (by externalId) in the
// enterprise extension. Once the managers are stored, every reference
// names its manager — none is left pending. The first request leaves 66
// references pending, 65 naming one manager and the last another: the
// company's pending values a write keeps were once read with a limit
// counting references (64 kept), and the manager named past it was
// never resolved.
func TestBulkManagersAfterManyReportsAllResolved(t *testing.T) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			e := newEnvOn(t, backend, nil)
			employee := func(n int, manager string) map[string]any {
				extra := map[string]any{"externalId": fmt.Sprintf("x%d", n)}
				if manager != "" {
					extra[enterpriseSchema] = map[string]any{"manager": map[string]any{"value": manager}}
				}
				return post(fmt.Sprint("b", n), user(fmt.Sprintf("u%d@example.com", n), extra))
			}
			var reports, managers []map[string]any
			for n := range 65 {
				reports = append(reports, employee(n, "x1000"))
			}
			reports = append(reports, employee(65, "x1001"))
			managers = append(managers, employee(1001, ""), employee(1000, ""))
			for _, ops := range [][]map[string]any{reports, managers} {
				for _, r := range bulkResults(t, e.do("POST", "/scim/v2/Bulk", bulkReq(0, ops...))) {
					if r["status"] != "201" {
						t.Fatalf("create %v: %v", r["bulkId"], r)
					}
				}
			}
			r := e.do("GET", "/scim/v2/Users?count=1000", nil)
			resources, _ := r.body["Resources"].([]any)
			if len(resources) != 68 {
				t.Fatalf("%d employees listed; want 68", len(resources))
			}
			for _, res := range resources {
				u := res.(map[string]any)
				ext, _ := u[enterpriseSchema].(map[string]any)
				manager, _ := ext["manager"].(map[string]any)
				if manager != nil && manager["$ref"] == nil {
					t.Errorf("%v: manager %v left pending once stored", u["userName"], manager["value"])
				}
			}
		})
	}
}
