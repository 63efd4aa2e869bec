package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"roster/internal/directory"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a headless chromium with a fresh profile and returns
// a chromedp context for one tab. Without chromium the test is skipped,
// except in CI, where that is a failure.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing: .ci/run must install chromium (apt-get install chromium)", chromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install chromium to run it)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox, // root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Run starts the browser; it must not carry a timeout. The
	// viewport is exactly 1280x800 (the window's would be less).
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// walk drives one tab; each step fails the test with its name.
type walk struct {
	t    *testing.T
	ctx  context.Context
	shot string // ROSTER_SCREENSHOTS: where to save screenshots, or ""
}

func (w *walk) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		html, _ := chromedp.Run(w.ctx, chromedp.OuterHTML(chromedp.CSS("main")))
		w.t.Fatalf("%s: %v\npage main:\n%s", what, err, html)
	}
}

func (w *walk) text(sel string) string {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		w.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (w *walk) wantText(sel string, want ...string) {
	w.t.Helper()
	got := w.text(sel)
	for _, s := range want {
		if !strings.Contains(got, s) {
			w.t.Errorf("%s holds %q; want %q in it", sel, got, s)
		}
	}
}

// fitsWidth fails the test when the page is wider than the viewport:
// text a client or an admin typed as one long word must wrap, not push
// the page into a horizontal scroll.
func (w *walk) fitsWidth(page string) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(w.ctx, 15*time.Second)
	defer cancel()
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil {
		w.t.Fatalf("width of %s: %v", page, err)
	}
	if over > 0 {
		w.t.Errorf("%s is %d px wider than the window", page, over)
	}
}

// screenshot saves the viewport (1280x800) as name.png when
// ROSTER_SCREENSHOTS names a directory.
func (w *walk) screenshot(name string) {
	w.t.Helper()
	if w.shot == "" {
		return
	}
	png, err := chromedp.Run(w.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(w.shot, name+".png"), png, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// scim sends a SCIM request with the token and decodes the JSON answer.
func (e *env) scim(method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	return e.scimAs("", method, path, token, body)
}

// scimAs is scim with a User-Agent, as an identity provider sends it.
func (e *env) scimAs(userAgent, method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

const (
	enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	companyURN    = "urn:ietf:params:scim:schemas:extension:peakon:2.0:User"
)

// scimUser is a SCIM User as Entra ID sends it.
func scimUser(given, family, department string, ext map[string]any) map[string]any {
	email := strings.ToLower(given+"."+family) + "@acme.example"
	u := map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User", enterpriseURN, companyURN},
		"userName": email, "active": true, "externalId": strings.ToLower(given + family),
		"name":        map[string]any{"givenName": given, "familyName": family},
		"emails":      []any{map[string]any{"value": email, "type": "work", "primary": true}},
		enterpriseURN: map[string]any{"department": department},
	}
	if ext != nil {
		u[companyURN] = ext
	}
	return u
}

// TestBrowserWalk is issue 5's walk in a real browser: first-run setup →
// sign in → enable provisioning → copy the token → a SCIM request with it
// succeeds → create an attribute with an alias → an employee provisioned
// over SCIM with that attribute (keyed by the alias) appears in the
// console → deactivated over SCIM, the status history shows it → revoke
// the token → SCIM answers 401.
//
// With ROSTER_SCREENSHOTS=<dir> it saves the screenshots shown in the
// README (docs/screenshots).
func TestBrowserWalk(t *testing.T) {
	start := time.Now()
	ctx := newBrowser(t)
	e := newEnv(t)
	w := &walk{t: t, ctx: ctx, shot: os.Getenv("ROSTER_SCREENSHOTS")}
	if w.shot != "" {
		if err := os.MkdirAll(w.shot, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Copy buttons use the clipboard API; let the page use it.
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted, Origin: e.srv.URL,
		}); err != nil {
			t.Fatalf("grant %s: %v", name, err)
		}
	}

	// First run: the setup link creates the company and its admin.
	setupURL, err := e.console.FirstRunSetupURL(context.Background(), e.srv.URL)
	if err != nil || setupURL == "" {
		t.Fatalf("FirstRunSetupURL = %q, %v", setupURL, err)
	}
	w.do("open the setup link",
		chromedp.Navigate(setupURL),
		chromedp.SendKeys(chromedp.CSS("#company"), "Acme Corporation"),
		chromedp.SendKeys(chromedp.CSS("#email"), "ada.admin@acme.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.SendKeys(chromedp.CSS("#password2"), password),
	)
	w.screenshot("setup")
	w.do("submit setup",
		chromedp.Click(chromedp.CSS(`form[action="/setup"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	w.wantText(".flash", "Your company is set up")

	// Sign in.
	w.do("fill the sign-in form",
		chromedp.SendKeys(chromedp.CSS("#email"), "ada.admin@acme.example"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
	)
	w.screenshot("login")
	w.do("sign in",
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#enable")),
	)
	w.wantText(".account", "Acme Corporation", "ada.admin@acme.example")
	w.wantText("#scim-url", e.srv.URL+"/scim/v2")

	// Enable provisioning: the token is shown once, with copy buttons.
	w.do("enable provisioning",
		chromedp.SendKeys(chromedp.CSS("#label"), "Microsoft Entra ID"),
		chromedp.Click(chromedp.CSS("#enable")),
		chromedp.WaitVisible(chromedp.CSS("#token")),
	)
	token := w.text("#token")
	if !strings.HasPrefix(token, "rst_") {
		t.Fatalf("token on the page = %q", token)
	}
	w.do("copy the token",
		chromedp.Click(chromedp.CSS(`button[data-copy="token"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[data-copy="token"].copied`)),
	)
	if label := w.text(`button[data-copy="token"]`); label != "Copied" {
		t.Errorf("copy button says %q after the click; want Copied", label)
	}
	clip, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil || clip == "" {
		t.Logf("clipboard not readable in this browser (%q, %v); the copy button reported success", clip, err)
	} else if clip != token {
		t.Errorf("clipboard holds %q; want the token %q", clip, token)
	}
	w.screenshot("integrations-token")
	// The page came by post/redirect/get: reloading it asks for no second
	// token and shows this one no more.
	w.do("reload the token page",
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(".error-card")),
	)
	w.wantText(".error-card h1", "This token was already shown")
	if body := w.text("main"); strings.Contains(body, token) {
		t.Error("the reloaded token page still shows the token")
	}

	// A real SCIM request with the copied token.
	if status, body := e.scim("GET", "/scim/v2/Users?count=1", token, nil); status != http.StatusOK {
		t.Fatalf("SCIM GET /Users with the console's token: %d %v", status, body)
	}

	// Create an attribute with an alias (Okta allows no spaces).
	w.do("open attributes",
		chromedp.Click(chromedp.CSS(`nav a[href="/attributes"]`)),
		chromedp.WaitVisible(chromedp.CSS("#name")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Employed since"),
		chromedp.SetValue(chromedp.CSS("#type"), "date"),
		chromedp.SendKeys(chromedp.CSS("#aliases"), "Employed_Since"),
		chromedp.Click(chromedp.CSS(`form[action="/attributes"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#scim-path")),
	)
	w.wantText("#scim-path", companyURN+":Employed_Since")

	// More attributes and employees make the pages worth a screenshot.
	ctxb := context.Background()
	admin, err := e.store.AdminByEmail(ctxb, "ada.admin@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []directory.AttributeDef{
		{Name: "Location", Type: directory.TypeOption, Options: []string{"Berlin", "Copenhagen", "London", "New York"}},
		{Name: "Level", Type: directory.TypeNumber},
		{Name: "People partner", Type: directory.TypeEmployee, Aliases: []string{"PeoplePartner"}},
	} {
		a.ID, a.CompanyID = directory.NewID(), admin.CompanyID
		if err := e.store.CreateAttribute(ctxb, &a); err != nil {
			t.Fatal(err)
		}
	}
	w.do("attribute list", chromedp.Navigate(e.srv.URL+"/attributes"), chromedp.WaitVisible(chromedp.CSS("table")))
	w.wantText("table", "Employed since", "Employed_Since", companyURN+":Employed_Since")
	w.screenshot("attributes")
	// An attribute named with one long word, as long as a name may be,
	// wraps on its page (and is gone again before the next screenshots).
	long := directory.AttributeDef{ID: directory.NewID(), CompanyID: admin.CompanyID, Name: strings.Repeat("Cost_centre", 9), Type: directory.TypeOption}
	if err := e.store.CreateAttribute(ctxb, &long); err != nil {
		t.Fatal(err)
	}
	w.do("attribute list with a long name", chromedp.Navigate(e.srv.URL+"/attributes"), chromedp.WaitVisible(chromedp.CSS("table")))
	w.fitsWidth("the Attributes page with a long attribute name")
	if _, err := e.store.DeleteAttribute(ctxb, admin.CompanyID, long.ID); err != nil {
		t.Fatal(err)
	}

	people := [][3]string{
		{"Grace", "Hopper", "Engineering"}, {"Alan", "Turing", "Research"}, {"Katherine", "Johnson", "Research"},
		{"Edsger", "Dijkstra", "Engineering"}, {"Barbara", "Liskov", "Engineering"}, {"Margaret", "Hamilton", "Operations"},
		{"Donald", "Knuth", "Research"}, {"Frances", "Allen", "Sales"}, {"John", "Backus", "Sales"},
	}
	locations := []string{"Berlin", "Copenhagen", "London", "New York"}
	for i, p := range people {
		ext := map[string]any{"employed_since": fmt.Sprintf("20%02d-0%d-01", 15+i, 1+i%9), "Location": locations[i%4], "Level": 2 + i%4}
		if status, body := e.scim("POST", "/scim/v2/Users", token, scimUser(p[0], p[1], p[2], ext)); status != http.StatusCreated {
			t.Fatalf("SCIM POST %s: %d %v", p[1], status, body)
		}
	}
	// The employee of the walk: the attribute keyed by its alias, and a
	// manager who is not provisioned yet (a pending reference).
	ada := scimUser("Ada", "Lovelace", "Engineering", map[string]any{"Employed_Since": "2021-03-01", "Location": "London", "Level": 4, "PeoplePartner": "grace.hopper@acme.example"})
	ada["title"] = "Principal Analyst"
	ada[enterpriseURN].(map[string]any)["manager"] = map[string]any{"value": "charles.babbage@acme.example"}
	ada[enterpriseURN].(map[string]any)["employeeNumber"] = "1815"
	status, created := e.scim("POST", "/scim/v2/Users", token, ada)
	if status != http.StatusCreated {
		t.Fatalf("SCIM POST Ada: %d %v", status, created)
	}
	adaID, _ := created["id"].(string)

	// The employee appears in the console with the attribute.
	w.do("search employees",
		chromedp.Click(chromedp.CSS(`nav a[href="/employees"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.employees")),
	)
	w.wantText("#count", "of 10 employees")
	w.wantText("table.employees", "Ada Lovelace", "ada.lovelace@acme.example", "Engineering", "Microsoft Entra ID")
	w.screenshot("employees")
	w.do("find Ada",
		chromedp.SendKeys(chromedp.CSS("#q"), "lovelace"),
		chromedp.Click(chromedp.CSS(`form.search button[type=submit]`)),
		// The attribute (not the typed property) is set on the new page.
		chromedp.WaitVisible(chromedp.CSS(`#q[value="lovelace"]`)),
	)
	w.wantText("#count", "Showing 1–1 of 1 employee")
	w.do("open Ada",
		chromedp.Click(chromedp.CSS(`table.employees a[href="/employees/`+adaID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#history-h")),
	)
	w.wantText("main", "Employed since", "2021-03-01", "Principal Analyst", "People partner", "Grace Hopper", "charles.babbage@acme.example", "pending")

	// Deactivate over SCIM; the status history shows it.
	status, patched := e.scim("PATCH", "/scim/v2/Users/"+adaID, token, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "Replace", "path": "active", "value": "False"}},
	})
	if status != http.StatusOK || patched["active"] != false {
		t.Fatalf("SCIM PATCH active false: %d %v", status, patched)
	}
	w.do("reload Ada", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("table.history")))
	history := w.text("table.history tbody")
	if !strings.Contains(history, "Activated") || !strings.Contains(history, "Deactivated") || strings.Count(history, "Microsoft Entra ID") != 2 {
		t.Errorf("status history = %q; want activated and deactivated through Microsoft Entra ID", history)
	}
	w.wantText("h1", "Deactivated")
	w.screenshot("employee")

	activityWalk(t, w, e, token, adaID)
	surveyWalk(t, w, e, admin.CompanyID, token, adaID)

	// Revoke the token: SCIM refuses it.
	w.do("revoke",
		chromedp.Click(chromedp.CSS(`nav a[href="/integrations"]`)),
		chromedp.WaitReady(chromedp.CSS(`form[action$="/revoke"]`)),
	)
	w.wantText("table", "Microsoft Entra ID", "Active")
	w.screenshot("integrations")
	w.do("revoke",
		// Entra's row: the oldest connection, last (Okta came later).
		chromedp.Click(chromedp.CSS(`tbody tr:last-child details.pop:nth-of-type(2) > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`tbody tr:last-child form[action$="/revoke"] button.danger`)),
		chromedp.Click(chromedp.CSS(`tbody tr:last-child form[action$="/revoke"] button.danger`)),
		chromedp.WaitVisible(chromedp.CSS(".flash")),
	)
	w.wantText(".flash", "The token is revoked")
	if status, body := e.scim("GET", "/scim/v2/Users?count=1", token, nil); status != http.StatusUnauthorized {
		t.Fatalf("SCIM after revoking: %d %v; want 401", status, body)
	}
	t.Logf("browser walk took %v", time.Since(start).Round(time.Millisecond))
}
