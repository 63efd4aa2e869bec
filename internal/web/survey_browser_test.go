package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"roster/internal/directory"
)

// surveyWalk is TestBrowserWalk's part for the Surveys page: a round
// that opens now (its audience frozen), a schedule made with
// the form, then a round's audience and the why lookup for Ada, whom
// Entra deactivated earlier in the walk.
func surveyWalk(t *testing.T, w *walk, e *env, companyID, entraToken, adaID string) {
	t.Helper()
	ctx := context.Background()
	// Entra deactivates Ada (again: Okta's replace made her active).
	status, patched := e.scimAs(entraAgent, "PATCH", "/scim/v2/Users/"+adaID, entraToken, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "path": "active", "value": false}},
	})
	if status != http.StatusOK || patched["active"] != false {
		t.Fatalf("SCIM PATCH active false: %d %v", status, patched)
	}
	opened := directory.SurveyRound{ID: directory.NewID(), CompanyID: companyID, Name: "Kickoff survey", OpensAt: time.Now()}
	if err := e.store.CreateSurveyRound(ctx, &opened); err != nil {
		t.Fatal(err)
	}
	// A name of one long word, as long as a name may be: the page wraps it.
	longName := directory.SurveyRound{ID: directory.NewID(), CompanyID: companyID,
		Name: strings.Repeat("Quarterly", directory.MaxRoundNameLength/len("Quarterly")), OpensAt: time.Now().Add(240 * time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &longName); err != nil {
		t.Fatal(err)
	}
	// The console's clock stands still in tests; bring it to now, so that
	// the round opening now is open on the page too.
	e.clock.Add(time.Since(e.clock.Now()))
	opens := time.Now().Add(72 * time.Hour).UTC()
	w.do("schedule a survey",
		chromedp.Click(chromedp.CSS(`nav a[href="/surveys"]`)),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Engagement pulse"),
		chromedp.SetValue(chromedp.CSS("#opens"), opens.Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.CSS("#every"), "2"),
		chromedp.Click(chromedp.CSS(`form[action="/surveys"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	w.wantText(".flash", "The survey is scheduled")
	w.wantText("table.rounds", "Kickoff survey", "Open", "Engagement pulse "+opens.Format("2006-01-02"), "Upcoming", "from a schedule")
	w.screenshot("surveys")
	w.fitsWidth("the Surveys page with a long round name")

	w.do("open a round",
		chromedp.Click(chromedp.CSS(`table.rounds a[href="/surveys/`+opened.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.audience")),
		chromedp.SendKeys(chromedp.CSS("#who"), "ada.lovelace@acme.example"),
		chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#why")),
	)
	w.wantText("#why", "Ada Lovelace", "Excluded", "deactivated at", "Microsoft Entra ID", "(request ")
	w.wantText("#count", "employees")
	w.screenshot("survey-round")

	// Edit the schedule's first round before it opens: rename it.
	w.do("edit an upcoming round",
		chromedp.Click(chromedp.CSS(`nav a[href="/surveys"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.rounds")),
		chromedp.Click(chromedp.CSS(`table.rounds a[href$="#edit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#edit-name")),
		chromedp.SetValue(chromedp.CSS("#edit-name"), "Engagement pulse (kickoff week)"),
		chromedp.Click(chromedp.CSS(`#edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	w.wantText(".flash", "The round is saved")
	w.wantText("h1", "Engagement pulse (kickoff week)")
}
