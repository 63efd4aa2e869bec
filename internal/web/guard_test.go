package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// bannerHeading is the guard banner's heading.
const bannerHeading = "Mass-deactivation guard: changes from your identity provider are held"

// connection creates a connection of the company through the store.
func (e *env) connection(companyID, label string) directory.Connection {
	e.t.Helper()
	c := directory.Connection{ID: directory.NewID(), CompanyID: companyID, Label: label}
	_, c.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(context.Background(), &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// deactivate deactivates employees as the connection does.
func (e *env) deactivate(companyID string, by directory.Connection, list []directory.Employee) {
	e.t.Helper()
	for _, emp := range list {
		if _, err := e.store.UpdateEmployee(context.Background(), companyID, emp.ID, directory.Actor{ConnectionID: by.ID},
			func(x *directory.Employee) error { x.Active = false; return nil }); err != nil {
			e.t.Fatal(err)
		}
	}
}

// guardEnv is a signed-in admin of Acme, whose connection Okta
// provisioned 30 employees and then deactivated 5 of them under a
// threshold of 3 (10 %, at least 2, within an hour): 3 applied, 2 held
// (user003 and user004, "Given003 Family" and "Given004 Family").
func guardEnv(t *testing.T) (*env, *browser, string, directory.Company, directory.Connection, []directory.Employee) {
	t.Helper()
	e := newEnv(t)
	c, a := e.company("Acme", "admin@acme.example")
	if err := e.store.SetGuardPolicy(context.Background(), c.ID, directory.GuardPolicy{Percent: 10, Min: 2, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
	okta := e.connection(c.ID, "Okta")
	staff := e.seedEmployees(c.ID, 30, directory.Actor{ConnectionID: okta.ID}, nil)
	e.deactivate(c.ID, okta, staff[:5])
	b := e.browser()
	return e, b, b.signIn(a.Email, password), c, okta, staff
}

func (e *env) heldCount(companyID string) int {
	e.t.Helper()
	holds, err := e.store.GuardHolds(context.Background(), companyID)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(holds)
}

func TestGuardBannerOnEveryPage(t *testing.T) {
	e, b, _, c, _, staff := guardEnv(t)
	pages := []string{"/integrations", "/attributes", "/employees", "/employees/" + staff[0].ID, "/surveys", "/activity",
		"/activity/failures", "/owners", "/guard", "/employees/nobody"}
	for _, p := range pages {
		r := b.get(p)
		wantBody(t, p, r, bannerHeading, "Okta", "2 deactivations held, the first <time datetime=", ">just now</time>",
			`href="/employees/`+staff[3].ID+`">Given003 Family</a>`, `href="/employees/`+staff[4].ID+`">Given004 Family</a>`,
			`title="`+time.Now().UTC().Format("2 Jan 2006, 15:")) // the exact time on hover
		if p != "/guard" {
			wantBody(t, p, r, `<a class="button primary" href="/guard">Review and release</a>`)
		}
	}

	// Another company's admin sees nothing of Acme's holds.
	e.company("Globex", "hank@globex.example")
	other := e.browser()
	other.signIn("hank@globex.example", password)
	for _, p := range []string{"/employees", "/guard", "/activity/failures"} {
		wantNoBody(t, "Globex "+p, other.get(p), bannerHeading, "Given003", "Held by the mass-deactivation guard", "Okta</strong>")
	}

	// Released: no banner anywhere.
	if _, err := e.store.ReleaseGuardHolds(context.Background(), c.ID, "", directory.Actor{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		wantNoBody(t, p+" after release", b.get(p), bannerHeading)
	}
}

func TestGuardBannerSampleAndKinds(t *testing.T) {
	e, b, _, c, okta, staff := guardEnv(t)
	// Five more of Okta's deactivations are held: seven in all, five
	// named, and a second connection trips too.
	e.deactivate(c.ID, okta, staff[5:10])
	entra := e.connection(c.ID, "Microsoft Entra ID")
	e.deactivate(c.ID, entra, staff[10:14])
	r := b.get("/integrations")
	wantBody(t, "banner", r, "Okta</strong>: 7 deactivations held", "Given007 Family</a> and 2 more.",
		"Microsoft Entra ID</strong>: 1 deactivation held", "Given013 Family")
	wantNoBody(t, "banner", r, "Given008 Family")
	if strings.Index(r.body, "Okta</strong>") > strings.Index(r.body, "Microsoft Entra ID</strong>") {
		t.Error("the banner lists Entra first; want the oldest hold (Okta's) first")
	}
}

func TestGuardFailuresEntry(t *testing.T) {
	_, b, _, _, _, _ := guardEnv(t)
	r := b.get("/activity/failures")
	wantBody(t, "failures", r, "Held by the mass-deactivation guard", "Not refused", `<table class="held">`,
		"<td><strong>Okta</strong></td>", "<td>2 deactivations</td>", "Given003 Family", `href="/guard">Review and release</a>`)
	wantNoBody(t, "failures", r, `action="/guard/release"`) // released on the Guard page only
	_, quiet, _, _, _, _ := guardEnvNothingHeld(t)
	wantNoBody(t, "failures, nothing held", quiet.get("/activity/failures"), "Held by the mass-deactivation guard")
}

// guardEnvNothingHeld is a signed-in admin of a company without holds.
func guardEnvNothingHeld(t *testing.T) (*env, *browser, string, directory.Company, directory.Connection, []directory.Employee) {
	t.Helper()
	e := newEnv(t)
	c, a := e.company("Acme", "admin@acme.example")
	okta := e.connection(c.ID, "Okta")
	staff := e.seedEmployees(c.ID, 3, directory.Actor{ConnectionID: okta.ID}, nil)
	e.deactivate(c.ID, okta, staff[:1])
	b := e.browser()
	return e, b, b.signIn(a.Email, password), c, okta, staff
}

func TestGuardPageNothingHeld(t *testing.T) {
	_, b, _, _, _, _ := guardEnvNothingHeld(t)
	r := b.get("/guard")
	wantStatus(t, "guard", r, http.StatusOK)
	wantBody(t, "guard", r, "Nothing is held", `href="/guard" aria-current="page"`,
		// 2 active: 10 % is 1, the minimum 25.
		"With 2 active employees, a connection may deactivate or delete <strong>25</strong> within 1 hour before further ones are held",
		`id="percent" name="percent" inputmode="numeric" required value="10"`, `value="25"`, `value="1h"`,
		"Defaults: 10 %, at least 25, within 1 hour.")
	wantNoBody(t, "guard", r, bannerHeading, `action="/guard/release"`)
}

func TestGuardRelease(t *testing.T) {
	e, b, csrf, c, okta, _ := guardEnv(t)
	r := b.get("/guard")
	wantBody(t, "guard", r, "2 held changes from 1 connection", `action="/guard/release"`, `name="connection" value="`+okta.ID+`"`,
		"Release 2 held changes",
		// Active as the guard counts them: 25 in the directory and the 2
		// held, whom audiences still have.
		"With 27 active employees, a connection may deactivate or delete <strong>3</strong> within 1 hour",
		"Held employees count as active")

	// Without the session's CSRF token nothing is released.
	wantStatus(t, "release without csrf", b.post("/guard/release", url.Values{"connection": {okta.ID}}), http.StatusForbidden)
	if n := e.heldCount(c.ID); n != 2 {
		t.Fatalf("held after a refused release: %d", n)
	}

	r = b.post("/guard/release", url.Values{"csrf": {csrf}, "connection": {okta.ID}})
	wantStatus(t, "release", r, http.StatusSeeOther)
	if r.location != "/guard?released=2" {
		t.Errorf("release redirects to %q", r.location)
	}
	r = b.get(r.location)
	wantBody(t, "after release", r, "Released 2 held changes", "Nothing is held")
	wantNoBody(t, "after release", r, bannerHeading)
	if n := e.heldCount(c.ID); n != 0 {
		t.Errorf("held after release: %d", n)
	}
	entries, n, err := e.store.ActivityLog(context.Background(), c.ID, directory.ActivityQuery{Operation: directory.OpGuardReleased, Limit: 10})
	if err != nil || n != 2 {
		t.Fatalf("release entries = %d, %v; want 2", n, err)
	}
	for _, en := range entries {
		if en.AdminID == "" || en.Client != directory.ClientConsole {
			t.Errorf("release entry by %q (%s); want the admin in the console", en.AdminID, en.Client)
		}
	}
	wantBody(t, "activity", b.get("/activity?operation=guard+released"), "guard released", "admin@acme.example")

	// Again: nothing left, and the page says so.
	r = b.post("/guard/release", url.Values{"csrf": {csrf}})
	wantStatus(t, "release all again", r, http.StatusSeeOther)
	wantBody(t, "release all again", b.get(r.location), "Nothing was held any more, so nothing was released.")
}

func TestGuardReleaseOneOrAll(t *testing.T) {
	e, b, csrf, c, _, staff := guardEnv(t)
	entra := e.connection(c.ID, "Microsoft Entra ID")
	e.deactivate(c.ID, entra, staff[10:14]) // 3 apply, 1 held
	r := b.get("/guard")
	wantBody(t, "guard", r, "3 held changes from 2 connections", "Release all 3")
	r = b.post("/guard/release", url.Values{"csrf": {csrf}, "connection": {entra.ID}})
	wantStatus(t, "release Entra", r, http.StatusSeeOther)
	r = b.get(r.location)
	wantBody(t, "after releasing Entra", r, "Released 1 held change:", "Okta</strong>: 2 deactivations held")
	wantNoBody(t, "after releasing Entra", r, "Microsoft Entra ID</strong>")
	r = b.post("/guard/release", url.Values{"csrf": {csrf}})
	wantBody(t, "release all", b.get(r.location), "Released 2 held changes")
	if n := e.heldCount(c.ID); n != 0 {
		t.Errorf("held after release all: %d", n)
	}
}

func TestGuardOtherCompanyCannotRelease(t *testing.T) {
	e, _, _, c, okta, _ := guardEnv(t)
	e.company("Globex", "hank@globex.example")
	other := e.browser()
	csrf := other.signIn("hank@globex.example", password)
	// Acme's connection is not found for Globex; "all" is Globex's all.
	wantStatus(t, "release Acme's Okta", other.post("/guard/release", url.Values{"csrf": {csrf}, "connection": {okta.ID}}), http.StatusNotFound)
	wantStatus(t, "release unknown", other.post("/guard/release", url.Values{"csrf": {csrf}, "connection": {"nope"}}), http.StatusNotFound)
	r := other.post("/guard/release", url.Values{"csrf": {csrf}})
	if r.location != "/guard?released=0" {
		t.Errorf("Globex's release all redirects to %q; want none released", r.location)
	}
	if n := e.heldCount(c.ID); n != 2 {
		t.Errorf("Acme's holds after Globex's attempts: %d; want 2", n)
	}
	// Nor can Globex change Acme's threshold: the form is its own.
	wantStatus(t, "policy", other.post("/guard/policy", url.Values{"csrf": {csrf}, "percent": {"50"}, "min": {"5"}, "window": {"2h"}}), http.StatusSeeOther)
	if p, _ := e.store.GuardPolicy(context.Background(), c.ID); p.Percent != 10 {
		t.Errorf("Acme's policy changed by Globex: %+v", p)
	}
}

func TestGuardPolicyForm(t *testing.T) {
	e, b, csrf, c, _, _ := guardEnv(t)
	ctx := context.Background()
	for _, tc := range []struct {
		what                 string
		percent, min, window string
		want                 string
	}{
		{"percent zero", "0", "5", "1h", "The guard's percentage must be between 1 and 100, not 0"},
		{"percent over 100", "101", "5", "1h", "between 1 and 100, not 101"},
		{"percent words", "ten", "5", "1h", "Percentage must be a whole number from 1 to 100"},
		{"percent huge", "99999999999999999999", "5", "1h", "Percentage must be a whole number"},
		{"percent empty", "", "5", "1h", "Percentage must be a whole number"},
		{"min zero", "10", "0", "1h", "The guard's minimum must be at least 1, not 0"},
		{"min negative", "10", "-3", "1h", "at least 1, not -3"},
		{"min decimal", "10", "2.5", "1h", "Minimum must be a whole number of employees"},
		{"window short", "10", "5", "30s", "The guard's window must be at least a minute, not 30s"},
		{"window words", "10", "5", "an hour", "Window must be a duration such as 1h, 30m or 1h30m"},
		{"window bare number", "10", "5", "60", "Window must be a duration"},
	} {
		r := b.post("/guard/policy", url.Values{"csrf": {csrf}, "percent": {tc.percent}, "min": {tc.min}, "window": {tc.window}})
		wantStatus(t, tc.what, r, http.StatusBadRequest)
		wantBody(t, tc.what, r, tc.want, `role="alert"`,
			// The form keeps what was typed.
			`name="percent" inputmode="numeric" required value="`+tc.percent+`"`, `name="min" inputmode="numeric" required value="`+tc.min+`"`,
			`name="window" required value="`+tc.window+`"`)
	}
	if p, _ := e.store.GuardPolicy(ctx, c.ID); p != (directory.GuardPolicy{Percent: 10, Min: 2, Window: time.Hour}) {
		t.Fatalf("policy after refused forms: %+v", p)
	}
	wantStatus(t, "without csrf", b.post("/guard/policy", url.Values{"percent": {"50"}, "min": {"5"}, "window": {"2h"}}), http.StatusForbidden)

	r := b.post("/guard/policy", url.Values{"csrf": {csrf}, "percent": {" 20 % "}, "min": {"4"}, "window": {"1h30m"}})
	wantStatus(t, "save", r, http.StatusSeeOther)
	want := directory.GuardPolicy{Percent: 20, Min: 4, Window: 90 * time.Minute}
	if p, err := e.store.GuardPolicy(ctx, c.ID); err != nil || p != want {
		t.Errorf("policy = %+v, %v; want %+v", p, err, want)
	}
	r = b.get(r.location)
	wantBody(t, "saved", r, "The guard's threshold is saved", `value="20"`, `value="4"`, `value="1h30m"`,
		"a connection may deactivate or delete <strong>6</strong> within 1 hour 30 minutes") // 20 % of 27, rounded up
	entries, n, err := e.store.ActivityLog(ctx, c.ID, directory.ActivityQuery{Operation: directory.OpGuardPolicyChanged, Limit: 10})
	if err != nil || n != 1 {
		t.Fatalf("policy entries = %d, %v; want 1", n, err)
	}
	if got, wantDetail := entries[0].Detail, "mass-deactivation guard set to 20 %, at least 4, within 1 hour 30 minutes (was 10 %, at least 2, within 1 hour)"; got != wantDetail || entries[0].AdminID == "" {
		t.Errorf("entry = %q by %q; want %q by the admin", got, entries[0].AdminID, wantDetail)
	}
	wantBody(t, "activity", b.get("/activity"), "guard policy changed")
}
