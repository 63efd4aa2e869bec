package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"roster/internal/store/testbackends"
)

// clock is a settable time shared by the store, SCIM and the product
// API, so that rounds open and employees change at chosen instants.
type clock struct{ us atomic.Int64 }

func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }

func (c *clock) now() time.Time  { return time.UnixMicro(c.us.Load()).UTC() }
func (c *clock) set(t time.Time) { c.us.Store(t.UnixMicro()) }

// scimUser creates an active employee over SCIM and returns its id.
func (e *env) scimUser(userName string) string {
	e.t.Helper()
	r := e.sendBody(http.MethodPost, bearer(e.scim), "/scim/v2/Users",
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"`+userName+`","active":true}`)
	if r.status != http.StatusCreated {
		e.t.Fatalf("SCIM create %s: %d\n%s", userName, r.status, r.raw)
	}
	return r.body["id"].(string)
}

// scimActive (de)activates an employee over SCIM, as identity providers
// do, and returns the response's X-Request-Id.
func (e *env) scimActive(id string, active bool) string {
	e.t.Helper()
	r := e.sendBody(http.MethodPatch, bearer(e.scim), "/scim/v2/Users/"+id,
		fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":%t}}]}`, active))
	if r.status != http.StatusOK {
		e.t.Fatalf("SCIM PATCH active=%t: %d\n%s", active, r.status, r.raw)
	}
	if r.header.Get("X-Request-Id") == "" {
		e.t.Fatal("SCIM answered no X-Request-Id")
	}
	return r.header.Get("X-Request-Id")
}

// members returns the employee ids of a members listing ("audience" or
// "recipients"), every page followed.
func (e *env) members(path, field string) []string {
	e.t.Helper()
	var out []string
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for cursor := ""; ; {
		p := path
		if cursor != "" {
			p += sep + "cursor=" + cursor
		}
		r := e.get(bearer(e.key), p)
		if r.status != http.StatusOK {
			e.t.Fatalf("GET %s: %d\n%s", p, r.status, r.raw)
		}
		list, _ := r.body[field].([]any)
		for _, m := range list {
			out = append(out, m.(map[string]any)["employeeId"].(string))
		}
		next, _ := r.body["nextCursor"].(string)
		if next == "" {
			slices.Sort(out)
			return out
		}
		cursor = next
	}
}

func sorted(ids ...string) []string { slices.Sort(ids); return ids }

// The must-show, over SCIM and the product API: three rounds a
// week apart; an employee deactivated between rounds 1 and 2 and
// reactivated between 2 and 3 is in rounds 1 and 3, not 2, and why for
// round 2 names the deactivating connection and the SCIM request; one
// deactivated during an open round stops being a recipient at that
// moment.
func TestSurveyAudiencesOverSCIMAndAPI(t *testing.T) {
	for _, backend := range testbackends.Names {
		t.Run(backend, func(t *testing.T) {
			start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
			clk := newClock(start)
			e := newEnvClock(t, backend, clk.now)
			alice, bob, carol := e.scimUser("alice@acme.test"), e.scimUser("bob@acme.test"), e.scimUser("carol@acme.test")

			// Three rounds a week apart, from a weekly schedule, each open
			// for three days.
			opens := start.Add(24 * time.Hour)
			r := e.sendBody(http.MethodPost, bearer(e.key), "/api/v1/companies/"+e.company.ID+"/surveys",
				`{"name":"Pulse","opensAt":"`+opens.Format(time.RFC3339)+`","closesAt":"`+opens.Add(72*time.Hour).Format(time.RFC3339)+`","every":"1w"}`)
			if r.status != http.StatusCreated || r.body["scheduleId"] == nil {
				t.Fatalf("POST surveys: %d\n%s", r.status, r.raw)
			}
			list := e.get(bearer(e.key), "/api/v1/companies/"+e.company.ID+"/surveys").body["rounds"].([]any)
			if len(list) != 3 {
				t.Fatalf("rounds = %v; want 3", list)
			}
			var rounds []string
			for i, x := range list {
				m := x.(map[string]any)
				if want := opens.AddDate(0, 0, 7*i).Format(time.RFC3339); m["opensAt"] != want {
					t.Errorf("round %d opens %v; want %s", i+1, m["opensAt"], want)
				}
				rounds = append(rounds, m["id"].(string))
			}
			base := "/api/v1/companies/" + e.company.ID + "/surveys/"
			audience := func(round int) []string { return e.members(base+rounds[round-1]+"/audience?limit=1", "audience") }
			recipientsAt := func(round int, at time.Time) []string {
				return e.members(base+rounds[round-1]+"/recipients?limit=2&at="+at.Format(time.RFC3339Nano), "recipients")
			}

			// Round 1 opens with everyone; Bob is deactivated while it is
			// open and stops being a recipient at that instant.
			clk.set(opens.Add(time.Hour))
			if got := audience(1); !slices.Equal(got, sorted(alice, bob, carol)) {
				t.Fatalf("round 1 audience = %v; want alice, bob, carol", got)
			}
			bobOff := opens.Add(2 * time.Hour)
			clk.set(bobOff)
			e.scimActive(bob, false)
			if got := recipientsAt(1, bobOff.Add(-time.Microsecond)); !slices.Contains(got, bob) {
				t.Errorf("recipients just before Bob's deactivation = %v; want Bob in", got)
			}
			if got := recipientsAt(1, bobOff); !slices.Equal(got, sorted(alice, carol)) {
				t.Errorf("recipients at Bob's deactivation = %v; want alice, carol", got)
			}
			clk.set(bobOff.Add(time.Minute))
			if got := e.members(base+rounds[0]+"/recipients", "recipients"); slices.Contains(got, bob) {
				t.Errorf("recipients now (default at) = %v; want Bob out", got)
			}

			// Alice is deactivated between rounds 1 and 2 ...
			aliceOff := opens.Add(4 * 24 * time.Hour)
			clk.set(aliceOff)
			requestID := e.scimActive(alice, false)
			// ... round 2 opens without her ...
			clk.set(opens.AddDate(0, 0, 7).Add(time.Hour))
			if got := audience(2); !slices.Equal(got, sorted(carol)) {
				t.Errorf("round 2 audience = %v; want carol only", got)
			}
			// ... and she is reactivated before round 3.
			clk.set(opens.AddDate(0, 0, 11))
			e.scimActive(alice, true)
			clk.set(opens.AddDate(0, 0, 14).Add(time.Hour))
			if got := audience(3); !slices.Equal(got, sorted(alice, carol)) {
				t.Errorf("round 3 audience = %v; want alice, carol", got)
			}
			if got := audience(1); !slices.Equal(got, sorted(alice, bob, carol)) {
				t.Errorf("round 1 audience now = %v; later changes must not rewrite it", got)
			}

			why := func(round int, id string) map[string]any {
				r := e.get(bearer(e.key), base+rounds[round-1]+"/why/"+id)
				if r.status != http.StatusOK {
					t.Fatalf("why: %d\n%s", r.status, r.raw)
				}
				return r.body
			}
			for _, round := range []int{1, 3} {
				if w := why(round, alice); w["included"] != true || w["reason"] != "included" {
					t.Errorf("why round %d alice = %v; want included", round, w)
				}
			}
			w := why(2, alice)
			ev, _ := w["evidence"].(map[string]any)
			if w["included"] != false || w["reason"] != "deactivated" || ev["connectionId"] != e.conn.ID ||
				ev["connectionLabel"] != e.conn.Label || ev["requestId"] != requestID ||
				ev["deactivatedAt"] != aliceOff.Format(time.RFC3339) {
				t.Errorf("why round 2 alice = %v; want deactivated at %s by %s (%s), request %s", w, aliceOff, e.conn.Label, e.conn.ID, requestID)
			}
			if d, _ := w["detail"].(string); !strings.Contains(d, e.conn.Label) || !strings.Contains(d, requestID) {
				t.Errorf("why detail = %q; want the connection and the request named", d)
			}
		})
	}
}
