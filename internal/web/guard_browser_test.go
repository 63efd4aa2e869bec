package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roster/internal/directory"
)

// TestBrowserGuard is the mass-deactivation guard in a real browser: a
// company of 300 employees provisioned by Okta, then a burst of 100
// deactivations from Okta (a wrong scoping filter, say) over SCIM, as
// Okta sends them: 30 (10 %) apply, the other 70 are held. The banner
// shows on the Employees page, leads to the Guard page, and releasing
// there (behind its confirmation) ends the holds.
//
// With ROSTER_SCREENSHOTS=<dir> it saves guard-banner.png and guard.png.
func TestBrowserGuard(t *testing.T) {
	ctx := newBrowser(t)
	e := newEnv(t)
	w := &walk{t: t, ctx: ctx, shot: os.Getenv("ROSTER_SCREENSHOTS")}
	c, _ := e.company("Acme Corporation", "ada.admin@acme.example")
	token, hash := directory.NewToken()
	okta := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta", TokenHash: hash}
	if err := e.store.CreateConnection(context.Background(), &okta); err != nil {
		t.Fatal(err)
	}

	given := []string{"Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "Hedy", "John",
		"Katherine", "Leslie", "Margaret", "Niklaus", "Radia", "Sophie", "Tim", "Vint", "Whitfield", "Yukihiro"}
	family := []string{"Lovelace", "Turing", "Liskov", "Shannon", "Knuth", "Dijkstra", "Allen", "Hopper", "Lamarr",
		"Backus", "Johnson", "Lamport", "Hamilton", "Wirth", "Perlman"}
	departments := []string{"Engineering", "Research", "Sales", "Operations", "Finance"}
	var ids []string
	for i := range 300 {
		u := scimUser(given[i%len(given)], family[i/len(given)], departments[i%len(departments)], nil)
		u["externalId"] = fmt.Sprintf("00u%017d", i)
		status, body := e.scimAs(oktaAgent, "POST", "/scim/v2/Users", token, u)
		if status != http.StatusCreated {
			t.Fatalf("Okta POST %v: %d %v", u["userName"], status, body)
		}
		ids = append(ids, body["id"].(string))
	}
	// The burst: Okta deactivates 100, newest first, in a few seconds.
	for i := range 100 {
		status, body := e.scimAs(oktaAgent, "PATCH", "/scim/v2/Users/"+ids[299-i], token, map[string]any{
			"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}},
		})
		if status != http.StatusOK || body["active"] != false {
			t.Fatalf("Okta PATCH active false #%d: %d %v; want 200 as usual, held or not", i, status, body)
		}
	}
	if n := e.heldCount(c.ID); n != 70 {
		t.Fatalf("%d held; want 70 (30 of 300 apply)", n)
	}
	// The admin looks a quarter of an hour later.
	e.clock.Add(time.Since(e.clock.Now()) + 14*time.Minute)

	w.do("sign in",
		chromedp.Navigate(e.srv.URL+"/login?next=/employees"),
		chromedp.SendKeys(chromedp.CSS("#email"), "ada.admin@acme.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("table.employees")),
	)
	w.wantText(".guard-banner", "Mass-deactivation guard", "Okta: 70 deactivations held, the first 14 minutes ago",
		"Among them", "and 65 more", "stay in survey audiences", "Review and release")
	w.wantText("#count", "of 300 employees")
	w.screenshot("guard-banner")

	w.do("open the banner's sample",
		chromedp.Click(chromedp.CSS(`.guard-banner .held-line a`)),
		chromedp.WaitVisible(chromedp.CSS("#history-h")),
	)
	w.wantText("h1", "Deactivated") // as Okta says; audiences still have them
	w.wantText(".guard-banner", "70 deactivations held")

	w.do("review",
		chromedp.Click(chromedp.CSS(`.guard-banner a[href="/guard"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.held")),
	)
	w.wantText("table.held", "Okta", "70 deactivations", "14 minutes ago")
	w.wantText("#held-count", "70 held changes from 1 connection")
	// 200 active in the directory and the 70 held: 10 % is 27.
	w.wantText("#limit", "With 270 active employees, a connection may deactivate or delete 27 within 1 hour")
	w.screenshot("guard")

	w.do("release behind the confirmation",
		chromedp.Click(chromedp.CSS(`table.held details.pop > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`table.held form[action="/guard/release"] button[type=submit]`)),
		chromedp.Click(chromedp.CSS(`table.held form[action="/guard/release"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	w.wantText(".flash", "Released 70 held changes")
	w.wantText("main", "Nothing is held")
	if n := e.heldCount(c.ID); n != 0 {
		t.Errorf("%d held after the release", n)
	}
}
