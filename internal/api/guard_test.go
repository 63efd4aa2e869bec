package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/store/testbackends"
)

// The guard's must-show for deletes, over SCIM and the product API: a
// burst of 100 DELETEs in a company of 300 trips the guard once 30 are
// applied; the other 70 answer 204 and are gone for SCIM, but stay in
// the audience of a round opening afterwards; GET …/guard shows them; a
// re-create by the same connection restores one; release completes the
// rest, which then leave later rounds; why names the deletion.
func TestGuardHoldsDeletesOverSCIMAndAPI(t *testing.T) {
	for _, backend := range testbackends.Names {
		t.Run(backend, func(t *testing.T) {
			start := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
			clk := newClock(start)
			e := newEnvClock(t, backend, clk.now)
			staff := e.staff(300)
			guardPath := "/api/v1/companies/" + e.company.ID + "/guard"
			requests := map[string]string{}
			for i, emp := range staff[:100] {
				clk.set(start.Add(time.Hour + time.Duration(i)*time.Second))
				r := e.send(http.MethodDelete, bearer(e.scim), "/scim/v2/Users/"+emp.ID)
				if r.status != http.StatusNoContent {
					t.Fatalf("DELETE %d: %d\n%s", i, r.status, r.raw)
				}
				requests[emp.ID] = r.header.Get("X-Request-Id")
			}
			for _, emp := range []directory.Employee{staff[0], staff[29], staff[30], staff[99]} {
				if r := e.get(bearer(e.scim), "/scim/v2/Users/"+emp.ID); r.status != http.StatusNotFound {
					t.Errorf("GET deleted %s: %d; want 404", emp.UserName, r.status)
				}
			}
			// The product API says which deletes are held: gone, but
			// counted in audiences until released.
			employees := "/api/v1/companies/" + e.company.ID + "/employees/"
			held := e.get(bearer(e.key), employees+staff[99].ID)
			wantProblem(t, held, http.StatusNotFound)
			if d, _ := held.body["detail"].(string); !strings.Contains(d, "the mass-deactivation guard holds the delete") || !strings.Contains(d, requests[staff[99].ID]) {
				t.Errorf("a held delete's employee: %s", held.raw)
			}
			if gone := e.get(bearer(e.key), employees+staff[0].ID); strings.Contains(string(gone.raw), "guard") {
				t.Errorf("a delete applied: %s; want a plain 404", gone.raw)
			}
			if r := e.get(bearer(e.scim), `/scim/v2/Users?filter=userName%20eq%20%22u099@acme.test%22`); r.body["totalResults"] != float64(0) {
				t.Errorf("filter on a held-deleted userName: %s", r.raw)
			}

			g := e.get(bearer(e.key), guardPath)
			if g.status != http.StatusOK {
				t.Fatalf("GET guard: %d\n%s", g.status, g.raw)
			}
			policy := g.body["policy"].(map[string]any)
			if policy["percent"] != float64(10) || policy["min"] != float64(25) || policy["windowSeconds"] != float64(3600) {
				t.Errorf("policy = %v; want the default", policy)
			}
			holds := g.body["holds"].([]any)
			if len(holds) != 1 {
				t.Fatalf("holds = %v; want one connection's", holds)
			}
			h := holds[0].(map[string]any)
			since := start.Add(time.Hour + 30*time.Second).Format(time.RFC3339)
			if h["connectionId"] != e.conn.ID || h["connectionLabel"] != e.conn.Label || h["count"] != float64(70) ||
				h["byKind"].(map[string]any)["delete"] != float64(70) || h["since"] != since {
				t.Errorf("hold = %v; want 70 deletes of %s since %s", h, e.conn.Label, since)
			}
			sample := h["sample"].([]any)
			if len(sample) != 5 || sample[0].(map[string]any)["userName"] != "u030@acme.test" || sample[0].(map[string]any)["kind"] != "delete" {
				t.Errorf("sample = %v; want the first 5 held, named", sample)
			}

			// A round opening now keeps the 70 held, not the 30 deleted.
			opens := start.Add(3 * time.Hour)
			r := e.sendBody(http.MethodPost, bearer(e.key), "/api/v1/companies/"+e.company.ID+"/surveys",
				`{"name":"Pulse","opensAt":"`+opens.Format(time.RFC3339)+`"}`)
			if r.status != http.StatusCreated {
				t.Fatalf("POST surveys: %d\n%s", r.status, r.raw)
			}
			round := r.body["rounds"].([]any)[0].(map[string]any)["id"].(string)
			clk.set(opens.Add(time.Minute))
			base := "/api/v1/companies/" + e.company.ID + "/surveys/" + round
			var want []string
			for _, emp := range staff[30:] {
				want = append(want, emp.ID)
			}
			if got := e.members(base+"/audience?limit=1000", "audience"); !slices.Equal(got, sorted(want...)) {
				t.Errorf("audience: %d members; want the 270 not deleted for good", len(got))
			}
			if got := e.members(base+"/recipients?limit=1000", "recipients"); !slices.Equal(got, sorted(want...)) {
				t.Errorf("recipients: %d; want the 270", len(got))
			}
			w := e.get(bearer(e.key), base+"/why/"+staff[99].ID)
			if w.body["included"] != true || w.body["reason"] != "included" || !strings.Contains(fmt.Sprint(w.body["heldDetail"]), "delete") ||
				len(w.body["held"].([]any)) != 1 {
				t.Errorf("why of a held-deleted = %s; want included, its delete held", w.raw)
			}
			w = e.get(bearer(e.key), base+"/why/"+staff[0].ID)
			wantDetail := "deleted at " + start.Add(time.Hour).Format(time.RFC3339) + " by " + e.conn.Label + " (request " + requests[staff[0].ID] + ")"
			if w.body["reason"] != "deleted" || w.body["detail"] != wantDetail ||
				w.body["evidence"].(map[string]any)["requestId"] != requests[staff[0].ID] {
				t.Errorf("why of a deleted = %s; want %q", w.raw, wantDetail)
			}

			// The same connection re-creates one: restored, same id.
			r = e.sendBody(http.MethodPost, bearer(e.scim), "/scim/v2/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u099@acme.test","title":"Back"}`)
			if r.status != http.StatusCreated || r.body["id"] != staff[99].ID || r.body["title"] != "Back" {
				t.Errorf("re-create of a held-deleted: %d %v; want 201 with id %s", r.status, r.body["id"], staff[99].ID)
			}
			if r := e.get(bearer(e.scim), "/scim/v2/Users/"+staff[99].ID); r.status != http.StatusOK {
				t.Errorf("GET restored: %d", r.status)
			}

			// A key of another company sees and releases nothing.
			other := e.newCompany("Other")
			_, otherKey := e.newKey(other.ID)
			wantProblem(t, e.get(bearer(otherKey), guardPath), http.StatusForbidden)
			wantProblem(t, e.sendBody(http.MethodPost, bearer(otherKey), guardPath+"/release", `{}`), http.StatusForbidden)
			wantProblem(t, e.sendBody(http.MethodPost, bearer(e.key), guardPath+"/release", `{"connectionId":"nope"}`), http.StatusNotFound)
			wantProblem(t, e.sendBody(http.MethodPost, bearer(e.key), guardPath+"/release", `{"connection":"x"}`), http.StatusBadRequest)
			wantProblem(t, e.sendBody(http.MethodPost, bearer(e.key), "/api/v1/companies/nope/guard/release", ``), http.StatusNotFound)

			r = e.send(http.MethodPost, bearer(e.key), guardPath+"/release")
			if r.status != http.StatusOK || r.body["released"] != float64(69) {
				t.Fatalf("release: %d %s; want 69 released", r.status, r.raw)
			}
			if g := e.get(bearer(e.key), guardPath); len(g.body["holds"].([]any)) != 0 {
				t.Errorf("holds after release = %v", g.body["holds"])
			}
			if r := e.get(bearer(e.scim), "/scim/v2/Users/"+staff[98].ID); r.status != http.StatusNotFound {
				t.Errorf("GET released: %d; want 404", r.status)
			}
			// Gone for good: out of a later round, kept by the opened one.
			if got := e.members(base+"/audience?limit=1000", "audience"); !slices.Equal(got, sorted(want...)) {
				t.Errorf("the opened round's audience changed with the release: %d members", len(got))
			}
			later := opens.Add(24 * time.Hour)
			r = e.sendBody(http.MethodPost, bearer(e.key), "/api/v1/companies/"+e.company.ID+"/surveys", `{"name":"Later","opensAt":"`+later.Format(time.RFC3339)+`"}`)
			clk.set(later.Add(time.Minute))
			laterRound := r.body["rounds"].([]any)[0].(map[string]any)["id"].(string)
			want = []string{staff[99].ID}
			for _, emp := range staff[100:] {
				want = append(want, emp.ID)
			}
			if got := e.members("/api/v1/companies/"+e.company.ID+"/surveys/"+laterRound+"/audience?limit=1000", "audience"); !slices.Equal(got, sorted(want...)) {
				t.Errorf("later audience: %d members; want the 200 never deleted and the restored one", len(got))
			}
			w = e.get(bearer(e.key), "/api/v1/companies/"+e.company.ID+"/surveys/"+laterRound+"/why/"+staff[98].ID)
			if w.body["reason"] != "deleted" || w.body["evidence"].(map[string]any)["requestId"] != requests[staff[98].ID] {
				t.Errorf("why of a released delete = %s; want deleted, by its own request", w.raw)
			}
		})
	}
}

// A deactivation the guard holds shows on the employee as the identity
// provider sent it (active false), and the employee says it is held: the
// status history gains it only when released, and audiences still count
// the employee until then.
func TestEmployeeShowsItsHeldDeactivation(t *testing.T) {
	start := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	clk := newClock(start)
	e := newEnvClock(t, "sqlite", clk.now)
	staff := e.staff(300)
	for i, emp := range staff[:100] {
		clk.set(start.Add(time.Hour + time.Duration(i)*time.Second))
		r := e.sendBody(http.MethodPatch, bearer(e.scim), "/scim/v2/Users/"+emp.ID,
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}`)
		if r.status != http.StatusOK {
			t.Fatalf("PATCH %d: %d\n%s", i, r.status, r.raw)
		}
	}
	path := "/api/v1/companies/" + e.company.ID + "/employees/"
	held := e.get(bearer(e.key), path+staff[99].ID)
	items, _ := held.body["held"].([]any)
	if held.body["active"] != false || len(items) != 1 || len(held.body["statusHistory"].([]any)) != 1 {
		t.Fatalf("a held deactivation: %s; want active false, held, the history as it was", held.raw)
	}
	item := items[0].(map[string]any)
	if item["kind"] != directory.GuardDeactivate || item["connectionId"] != e.conn.ID || item["at"] != start.Add(time.Hour+99*time.Second).Format(time.RFC3339) {
		t.Errorf("held = %v", item)
	}
	if applied := e.get(bearer(e.key), path+staff[0].ID); applied.body["held"] != nil || len(applied.body["statusHistory"].([]any)) != 2 {
		t.Errorf("an applied deactivation: %s; want it in the history, nothing held", applied.raw)
	}
}

// staff creates n active employees of the company through its SCIM
// connection, u000@acme.test on: enough for the guard's default limit.
func (e *env) staff(n int) []directory.Employee {
	e.t.Helper()
	var out []directory.Employee
	for i := range n {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: e.company.ID, UserName: fmt.Sprintf("u%03d@acme.test", i), Active: true}
		if err := e.store.CreateEmployee(context.Background(), &emp, directory.Actor{ConnectionID: e.conn.ID}); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, emp)
	}
	return out
}
