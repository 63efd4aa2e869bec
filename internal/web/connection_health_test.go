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

// waitRefusals waits until the company's log holds n refusals: the SCIM
// server writes them in batches, about once a second.
func (e *env) waitRefusals(companyID string, n int) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, got, err := e.store.ActivityLog(context.Background(), companyID, directory.ActivityQuery{FailedOnly: true})
		if err != nil {
			e.t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%d refusals logged after 10 s; want %d", got, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestConnectionHealth: per connection, Integrations shows the last
// successful write, the last refusal with its detail, the requests and
// refusals of the last 24 hours, and warns when a connection that was
// syncing has sent nothing for 90 minutes (moving the console's and the
// SCIM server's clock).
func TestConnectionHealth(t *testing.T) {
	e := newEnv(t)
	c, a := e.company("Acme", "admin@acme.example")
	b := e.browser()
	csrf := b.signIn(a.Email, password)
	entra, okta := b.connect(csrf, "Microsoft Entra ID"), b.connect(csrf, "Okta")
	row := func(page response, label string) string {
		t.Helper()
		i := strings.Index(page.body, "<strong>"+label+"</strong>")
		if i < 0 {
			t.Fatalf("no row for %s:\n%s", label, page.body)
		}
		end := strings.Index(page.body[i:], "</tr>")
		return page.body[i : i+end]
	}
	wantRow := func(what, label string, page response, want ...string) {
		t.Helper()
		wantBody(t, what+": "+label, response{body: row(page, label)}, want...)
	}
	wantNoRow := func(what, label string, page response, unwanted ...string) {
		t.Helper()
		wantNoBody(t, what+": "+label, response{body: row(page, label)}, unwanted...)
	}

	page := b.get("/integrations")
	wantRow("new", "Microsoft Entra ID", page, "no write yet", `<td class="num">0</td>`)
	wantNoBody(t, "new", page, "silent", "last refused")

	// Entra: a create, a refused duplicate, a read. Okta: a read only.
	u := scimUser("Ada", "Lovelace", "Engineering", nil)
	if status, body := e.scim("POST", "/scim/v2/Users", entra, u); status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, body)
	}
	if status, _ := e.scim("POST", "/scim/v2/Users", entra, u); status != http.StatusConflict {
		t.Fatalf("duplicate: %d; want 409", status)
	}
	e.scimStatus(entra)
	e.scimStatus(okta)
	e.waitRefusals(c.ID, 1)
	created := e.clock.Now()

	page = b.get("/integrations")
	wantRow("after a cycle", "Microsoft Entra ID", page, "last create "+when(time.Now())[:11], // the store stamps writes
		"last refused "+when(created)+`: userName "ada.lovelace@acme.example" is already taken`,
		`<td class="num">3<div class="small"><a href="/activity?connection=`, `outcome=refused">1 refused</a>`)
	wantRow("after a cycle", "Okta", page, "no write yet", `<td class="num">1</td>`)
	wantNoBody(t, "after a cycle", page, "silent")

	// 89 minutes of quiet is one missed cycle and a bit: not silent.
	e.clock.Add(89 * time.Minute)
	wantNoBody(t, "89 minutes", b.get("/integrations"), "silent")
	// Past 90 minutes both are silent: they were used within 7 days.
	e.clock.Add(2 * time.Minute)
	page = b.get("/integrations")
	wantBody(t, "91 minutes", page, "Microsoft Entra ID is silent.", "Okta is silent.", "has sent nothing for 91 minutes")
	wantRow("91 minutes", "Okta", page, `<span class="badge warn">silent</span>`)

	// A day later the 24-hour counts are empty, the last refusal stays.
	e.clock.Add(24 * time.Hour)
	b.signIn(a.Email, password) // sessions last 12 hours
	page = b.get("/integrations")
	wantRow("a day later", "Microsoft Entra ID", page, `<td class="num">0</td>`, "last refused "+when(created))
	wantNoRow("a day later", "Microsoft Entra ID", page, "1 refused")
	wantBody(t, "a day later", page, "has sent nothing for 25 hours")

	// After 7 days only the connection that wrote was syncing; Okta,
	// which only read, is not warned about any more.
	e.clock.Add(7 * 24 * time.Hour)
	b.signIn(a.Email, password)
	page = b.get("/integrations")
	wantBody(t, "8 days later", page, "Microsoft Entra ID is silent.", "has sent nothing for 8 days")
	wantNoBody(t, "8 days later", page, "Okta is silent.")

	// While provisioning is paused, quiet is expected.
	csrf = csrfOf(t, page.body)
	wantStatus(t, "pause", b.post("/integrations/provisioning", url.Values{"csrf": {csrf}, "provisioning": {"off"}}), http.StatusSeeOther)
	wantNoBody(t, "paused", b.get("/integrations"), "is silent", "badge warn\">silent")
}

// After a rotation, a connection's refusals are its tokens' together, on
// Integrations and on the Activity page its count links to: the link
// lists what the count counts.
func TestRefusalsAcrossARotation(t *testing.T) {
	e := newEnv(t)
	c, a := e.company("Acme", "admin@acme.example")
	b := e.browser()
	csrf := b.signIn(a.Email, password)
	old := b.connect(csrf, "Okta")
	conns, err := e.store.Connections(context.Background(), c.ID)
	if err != nil || len(conns) != 1 {
		t.Fatalf("connections %v, %v", conns, err)
	}
	u := scimUser("Ada", "Lovelace", "Engineering", nil)
	if status, _ := e.scim("POST", "/scim/v2/Users", old, u); status != http.StatusCreated {
		t.Fatalf("create: %d", status)
	}
	if status, _ := e.scim("POST", "/scim/v2/Users", old, u); status != http.StatusConflict {
		t.Fatalf("duplicate: %d; want 409", status)
	}
	next := shownToken(t, b.revealed("rotate", b.post("/integrations/connections/"+conns[0].ID+"/rotate", url.Values{"csrf": {csrf}, "grace": {"0"}})).body)
	if status, _ := e.scim("POST", "/scim/v2/Users", next, u); status != http.StatusConflict {
		t.Fatalf("duplicate with the new token: %d; want 409", status)
	}
	e.waitRefusals(c.ID, 2)

	page := b.get("/integrations")
	wantBody(t, "integrations", page, `outcome=refused">2 refused</a>`)
	i := strings.Index(page.body, `outcome=refused">2 refused</a>`)
	link := page.body[strings.LastIndex(page.body[:i], `href="`)+len(`href="`) : i+len(`outcome=refused`)]
	listed := b.get(strings.ReplaceAll(link, "&amp;", "&"))
	wantStatus(t, "the refusals link", listed, http.StatusOK)
	if n := strings.Count(listed.body, `<details class="entry failed"`); n != 2 {
		t.Errorf("the refusals link lists %d refusals; Integrations counts 2\n%s", n, listed.body)
	}
}
