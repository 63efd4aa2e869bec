package httpapi_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"roster/internal/directory"
)

// TestGuardAnswersAsUsual: a deactivation held by the mass-deactivation
// guard is answered 200 with active false, and reads show it inactive
// (the identity provider must not fail or retry); it is recorded as a
// hold, and a reactivation over SCIM ends the hold.
func TestGuardAnswersAsUsual(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.store.SetGuardPolicy(ctx, e.company.ID, directory.GuardPolicy{Percent: 1, Min: 2, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
	setActive := func(id string, active bool) response {
		t.Helper()
		r := e.do("PATCH", "/scim/v2/Users/"+id, map[string]any{
			"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": active}}},
		})
		wantStatus(t, r, 200)
		if r.body["active"] != active {
			t.Errorf("PATCH active %v answered active %v", active, r.body["active"])
		}
		return r
	}
	var ids []string
	for i := range 5 {
		r := e.do("POST", "/scim/v2/Users", fmt.Sprintf(`{"userName":"u%d@example.com"}`, i))
		wantStatus(t, r, 201)
		ids = append(ids, r.body["id"].(string))
	}
	for _, id := range ids[:3] {
		setActive(id, false)
	}
	if got := e.do("GET", "/scim/v2/Users/"+ids[2], nil); got.body["active"] != false {
		t.Errorf("held employee reads active %v; want false", got.body["active"])
	}
	holds, err := e.store.GuardHolds(ctx, e.company.ID)
	if err != nil || len(holds) != 1 || holds[0].EmployeeID != ids[2] {
		t.Fatalf("holds = %+v, %v; want the third deactivation", holds, err)
	}
	setActive(ids[2], true)
	if holds, err := e.store.GuardHolds(ctx, e.company.ID); err != nil || len(holds) != 0 {
		t.Errorf("holds after reactivation = %+v, %v", holds, err)
	}
}

// TestGuardHoldsDeletes: a delete held by the guard answers 204 and the
// employee is gone for SCIM (GET, PATCH, PUT, DELETE 404; not listed or
// found by its userName or externalId), until the same connection
// re-creates it: 201 with the held employee, its id kept.
func TestGuardHoldsDeletes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if err := e.store.SetGuardPolicy(ctx, e.company.ID, directory.GuardPolicy{Percent: 1, Min: 2, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 5 {
		r := e.do("POST", "/scim/v2/Users", fmt.Sprintf(`{"userName":"u%d@example.com","externalId":"x%d"}`, i, i))
		wantStatus(t, r, 201)
		ids = append(ids, r.body["id"].(string))
	}
	for _, id := range ids[:3] {
		wantStatus(t, e.do("DELETE", "/scim/v2/Users/"+id, nil), 204)
	}
	held := ids[2]
	wantStatus(t, e.do("GET", "/scim/v2/Users/"+held, nil), 404)
	wantStatus(t, e.do("PATCH", "/scim/v2/Users/"+held, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}},
	}), 404)
	wantStatus(t, e.do("PUT", "/scim/v2/Users/"+held, `{"userName":"u2@example.com"}`), 404)
	wantStatus(t, e.do("DELETE", "/scim/v2/Users/"+held, nil), 404)
	for _, f := range []string{`userName%20eq%20%22u2@example.com%22`, `externalId%20eq%20%22x2%22`} {
		if r := e.do("GET", "/scim/v2/Users?filter="+f, nil); r.body["totalResults"] != float64(0) {
			t.Errorf("filter %s finds the held-deleted: %v", f, r.body)
		}
	}
	if r := e.do("GET", "/scim/v2/Users", nil); r.body["totalResults"] != float64(2) {
		t.Errorf("list total = %v; want 2", r.body["totalResults"])
	}
	holds, err := e.store.GuardHolds(ctx, e.company.ID)
	if err != nil || len(holds) != 1 || holds[0].EmployeeID != held || holds[0].Kind != directory.GuardDelete {
		t.Fatalf("holds = %+v, %v; want the third delete", holds, err)
	}
	// Re-created by externalId, under a new userName: restored.
	r := e.do("POST", "/scim/v2/Users", `{"userName":"renamed@example.com","externalId":"x2"}`)
	wantStatus(t, r, 201)
	if r.body["id"] != held || r.body["userName"] != "renamed@example.com" {
		t.Errorf("re-create = %v; want %s restored as renamed@example.com", r.body, held)
	}
	wantStatus(t, e.do("GET", "/scim/v2/Users/"+held, nil), 200)
	if holds, err := e.store.GuardHolds(ctx, e.company.ID); err != nil || len(holds) != 0 {
		t.Errorf("holds after the re-create = %+v, %v", holds, err)
	}
}
