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
