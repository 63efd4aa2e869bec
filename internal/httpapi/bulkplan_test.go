package httpapi

import (
	"encoding/json"
	"sort"
	"testing"

	"roster/internal/scim"
	"roster/internal/scim/bulk"
)

func TestPlanBulkOrder(t *testing.T) {
	ops := []bulk.Operation{
		{Method: "POST", Path: "/Users", BulkID: "a", Data: json.RawMessage(`{"manager":{"value":"bulkId:b"}}`)},
		{Method: "POST", Path: "/Users", BulkID: "b", Data: json.RawMessage(`{"userName":"b"}`)},
		{Method: "PATCH", Path: "/Users/bulkId:a", Data: json.RawMessage(`{}`)},
		{Method: "POST", Path: "/Users", BulkID: "c", Data: json.RawMessage(`{"x":"bulkId:d"}`)},
		{Method: "POST", Path: "/Users", BulkID: "d", Data: json.RawMessage(`{"x":["bulkId:c"]}`)},
		{Method: "DELETE", Path: "/Groups/1"},
	}
	plan := planBulk(ops)
	if got, want := plan.order, []int{1, 0, 2, 5, 3, 4}; !equalInts(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	for i, want := range map[int]int{3: 409, 4: 409, 5: 501} {
		e, ok := scim.AsError(plan.invalid[i])
		if !ok || e.Status != want {
			t.Errorf("operation %d: %v, want status %d", i, plan.invalid[i], want)
		}
	}
	if len(plan.invalid) != 3 {
		t.Errorf("invalid = %v", plan.invalid)
	}
}

// The planner and the replacement agree on what references a bulkId,
// however a client spells the string (a JSON escape can spell any
// letter of "bulkId:").
func TestBulkIDRefsAgree(t *testing.T) {
	resolve := func(ref string) (string, error) { return "id-" + ref, nil }
	for _, tc := range []struct{ data, replaced string }{
		{`{"m":"bulkId:x"}`, `{"m":"id-x"}`},
		{`{"m":"bulk\u0049d:x"}`, `{"m":"id-x"}`},
		{`{"m":"\u0062ulkId:x","n":"Jos\u00e9"}`, `{"m":"id-x","n":"José"}`},
		{`{"m":"Jos\u00e9"}`, ``},
		{`{"m":"bulkid:x"}`, ``}, // the prefix is case-sensitive
		{`{"m":"x"}`, ``},
	} {
		refs := bulkIDRefs(bulk.Operation{Method: "POST", Path: "/Users", Data: json.RawMessage(tc.data)})
		got, err := replaceBulkIDs(json.RawMessage(tc.data), resolve)
		if err != nil {
			t.Fatalf("%s: %v", tc.data, err)
		}
		if tc.replaced == "" {
			if len(refs) > 0 || string(got) != tc.data {
				t.Errorf("%s: refs %v, replaced as %s; want none", tc.data, refs, got)
			}
			continue
		}
		var v, want any
		_ = json.Unmarshal(got, &v)
		_ = json.Unmarshal([]byte(tc.replaced), &want)
		if len(refs) != 1 || refs[0] != "x" || mustJSON(v) != mustJSON(want) {
			t.Errorf("%s: refs %v, replaced as %s; want x, %s", tc.data, refs, got, tc.replaced)
		}
	}
}

func TestReplaceBulkIDs(t *testing.T) {
	got, err := replaceBulkIDs(json.RawMessage(`{"a":"bulkId:x","b":["bulkId:x",{"c":"bulkId:y"}],"bulkId:x":"keys stay"}`),
		func(ref string) (string, error) { return "id-" + ref, nil })
	if err != nil {
		t.Fatal(err)
	}
	var v, want any
	_ = json.Unmarshal(got, &v)
	_ = json.Unmarshal([]byte(`{"a":"id-x","b":["id-x",{"c":"id-y"}],"bulkId:x":"keys stay"}`), &want)
	if b1, _ := json.Marshal(v); string(b1) != mustJSON(want) {
		t.Errorf("got %s", got)
	}
}

// FuzzPlanBulk: any operation list is planned without panicking, each
// operation exactly once, and every refused one carries a SCIM error.
func FuzzPlanBulk(f *testing.F) {
	f.Add([]byte(`[{"method":"POST","path":"/Users","bulkId":"a","data":{"m":"bulkId:b"}},{"method":"POST","path":"/Users","bulkId":"b","data":{"m":"bulkId:a"}}]`))
	f.Add([]byte(`[{"method":"patch","path":"/Users/bulkId:a","data":{}},{"method":"POST","path":"Users","bulkId":"a","data":{"userName":"x"}}]`))
	f.Add([]byte(`[{"method":"DELETE","path":"/Users/1"},{"method":"GET","path":"/Users"},{"method":"POST","path":"/Users","bulkId":"a","data":{}},{"method":"POST","path":"/Users","bulkId":"a","data":{}}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var ops []bulk.Operation
		if json.Unmarshal(b, &ops) != nil || len(ops) > 200 {
			return
		}
		plan := planBulk(ops)
		order := append([]int(nil), plan.order...)
		sort.Ints(order)
		for i := range ops {
			if i >= len(order) || order[i] != i {
				t.Fatalf("order %v is not a permutation of %d operations", plan.order, len(ops))
			}
		}
		for i, err := range plan.invalid {
			if e, ok := scim.AsError(err); !ok || e.Detail == "" || i < 0 || i >= len(ops) {
				t.Fatalf("operation %d refused with %v", i, err)
			}
		}
		for _, op := range ops {
			_, _ = replaceBulkIDs(op.Data, func(string) (string, error) { return "x", nil })
		}
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestBulkTargetID(t *testing.T) {
	for path, want := range map[string]string{"/Users/abc": "abc", "users/abc/": "abc", "/USERS/bulkId:x": "bulkId:x", "/Users": ""} {
		if got := (bulk.Operation{Path: path}).TargetID(); got != want {
			t.Errorf("targetID(%q) = %q, want %q", path, got, want)
		}
	}
}
