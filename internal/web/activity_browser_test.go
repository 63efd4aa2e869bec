package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"roster/internal/directory"
)

// User-Agents of the identity providers' SCIM clients.
const (
	entraAgent = "Microsoft Azure AD SCIM client"
	oktaAgent  = "Okta SCIM Client 1.0.0"
)

// activityWalk is TestBrowserWalk's part for issue 10: an Entra cycle
// (an update, a refusal) and an Okta cycle through a second connection
// (a replace of Ada, refusals of each kind), then the Activity page shows
// what the log holds (what `roster activity` prints), an entry expands to
// its diff, the failure view groups the refusals with their fixes, and
// Integrations shows each connection's health.
func activityWalk(t *testing.T, w *walk, e *env, entraToken, adaID string) {
	t.Helper()
	ctx := context.Background()
	w.do("add the Okta connection",
		chromedp.Click(chromedp.CSS(`nav a[href="/integrations"]`)),
		chromedp.WaitVisible(chromedp.CSS("#label")),
		chromedp.SendKeys(chromedp.CSS("#label"), "Okta"),
		chromedp.Click(chromedp.CSS("#enable")),
		chromedp.WaitVisible(chromedp.CSS("#token")),
	)
	oktaToken := w.text("#token")

	// The Entra cycle: a title change, a department value that is no
	// option of Location.
	grace := scimUser("Grace", "Hopper", "Engineering", map[string]any{"Location": "Berlin"})
	status, found := e.scimAs(entraAgent, "GET", `/scim/v2/Users?filter=userName+eq+"grace.hopper@acme.example"`, entraToken, nil)
	if status != http.StatusOK {
		t.Fatalf("Entra GET Grace: %d %v", status, found)
	}
	graceID, _ := found["Resources"].([]any)[0].(map[string]any)["id"].(string)
	if status, body := e.scimAs(entraAgent, "PATCH", "/scim/v2/Users/"+graceID, entraToken, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "Replace", "path": "title", "value": "Rear Admiral"}},
	}); status != http.StatusOK {
		t.Fatalf("Entra PATCH Grace: %d %v", status, body)
	}
	refusals := 0
	refuse := func(agent, token string, u map[string]any, want int) {
		t.Helper()
		if status, body := e.scimAs(agent, "POST", "/scim/v2/Users", token, u); status != want {
			t.Fatalf("POST %v: %d %v; want %d", u["userName"], status, body, want)
		}
		refusals++
	}
	refuse(entraAgent, entraToken, scimUser("Hedy", "Lamarr", "Research", map[string]any{"Location": "Paris"}), http.StatusBadRequest)

	// The Okta cycle: Ada's profile as Okta has it, new hires that roster
	// refuses for three causes.
	ada := scimUser("Ada", "Lovelace", "Engineering", map[string]any{"Location": "London", "Level": 5})
	ada["title"] = "Lead Analyst"
	if status, body := e.scimAs(oktaAgent, "PUT", "/scim/v2/Users/"+adaID, oktaToken, ada); status != http.StatusOK {
		t.Fatalf("Okta PUT Ada: %d %v", status, body)
	}
	for _, p := range [][2]string{{"Radia", "Perlman"}, {"Sophie", "Wilson"}} {
		refuse(oktaAgent, oktaToken, scimUser(p[0], p[1], "Research", map[string]any{"Location": "Paris"}), http.StatusBadRequest)
	}
	refuse(oktaAgent, oktaToken, scimUser("Annie", "Easley", "Research", map[string]any{"costCenter": "CC-12"}), http.StatusBadRequest)
	refuse(oktaAgent, oktaToken, grace, http.StatusConflict)
	admin, err := e.store.AdminByEmail(ctx, "ada.admin@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	e.waitRefusals(admin.CompanyID, refusals)

	// The Activity page lists what the log holds, newest first.
	entries, total, err := e.store.ActivityLog(ctx, admin.CompanyID, directory.ActivityQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	w.do("open Activity",
		chromedp.Click(chromedp.CSS(`nav a[href="/activity"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.entries")),
	)
	w.wantText("#count", fmt.Sprintf("of %d entries", total))
	shown := w.text("ol.entries")
	for _, en := range entries {
		if en.Failed() && !strings.Contains(shown, en.Detail) {
			t.Errorf("the Activity page lacks the refusal %q", en.Detail)
		}
	}
	// The newest write is Okta's replace of Ada: it expands to its diff.
	w.do("expand Okta's replace",
		chromedp.Click(chromedp.CSS(`details.entry:not(.failed) > summary .e-when`)),
		chromedp.WaitVisible(chromedp.CSS(`details.entry[open] table.diff`)),
	)
	w.wantText(`details.entry[open]`, "replace", "Okta", "title", "Principal Analyst", "Lead Analyst")
	w.screenshot("activity")

	// Refused only, from the filter form.
	w.do("filter refused",
		chromedp.SetValue(chromedp.CSS("#outcome"), "refused"),
		chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`#outcome option[value="refused"][selected]`)),
	)
	w.wantText("#count", fmt.Sprintf("of %d entries", refusals))

	// The failure view: three causes, with their fixes.
	w.do("open failures",
		chromedp.Navigate(e.srv.URL+"/activity/failures"),
		chromedp.WaitVisible(chromedp.CSS("table.failures")),
	)
	w.wantText("#count", fmt.Sprintf("%d refused requests in the last 7 days, 3 causes", refusals))
	w.wantText("table.failures", `got "Paris"`, "Open the attribute Location",
		`"costCenter" is not an attribute`, "Create the attribute costCenter", "already taken", "Find the employee who has grace.hopper@acme.example")
	w.screenshot("failures")
	w.do("create the missing attribute in one click",
		chromedp.Click(chromedp.CSS(`a.fix[href^="/attributes?name=costCenter"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#name[value="costCenter"]`)),
	)
}
