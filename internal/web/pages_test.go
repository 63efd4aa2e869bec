package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/web"
)

// tokenRE finds a token shown on the page.
var tokenRE = regexp.MustCompile(`<code id="token" class="secret">(rst_[A-Za-z0-9_-]+)</code>`)

func shownToken(t testing.TB, body string) string {
	t.Helper()
	m := tokenRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no token on the page:\n%s", body)
	}
	return m[1]
}

// scimStatus makes a SCIM request with token and returns the status.
func (e *env) scimStatus(token string) int {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+"/scim/v2/Users?count=1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestIntegrations(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)

	page := b.get("/integrations")
	wantStatus(t, "integrations", page, http.StatusOK)
	wantBody(t, "integrations before connecting", page, "Employee provisioning", "Not connected", e.srv.URL+"/scim/v2", "Enable provisioning")

	t.Run("LabelRequired", func(t *testing.T) {
		r := b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"  "}})
		wantStatus(t, "connection without label", r, http.StatusBadRequest)
		wantBody(t, "connection without label", r, "connection label is required")
	})

	r := b.revealed("enable", b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"Microsoft Entra ID"}}))
	wantBody(t, "token page", r, "Connect Microsoft Entra ID", "shown only this once", e.srv.URL+"/scim/v2",
		"Tenant URL", "Secret Token", "Test Connection", "SCIM connector base URL", "Authorization",
		"Okta’s Peakon app", "API Token", "Test API Credentials", "custom SCIM 2.0 app", "userName", "Test Connector Configuration")
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("token page Cache-Control = %q; want no-store", r.header.Get("Cache-Control"))
	}
	token := shownToken(t, r.body)
	wantBody(t, "Okta header", r, "Bearer "+token)
	if got := e.scimStatus(token); got != http.StatusOK {
		t.Fatalf("SCIM with the new token: %d", got)
	}
	conns, _ := e.store.Connections(ctx, c.ID)
	if len(conns) != 1 || conns[0].Label != "Microsoft Entra ID" {
		t.Fatalf("connections = %+v", conns)
	}
	page = b.get("/integrations")
	wantBody(t, "integrations after connecting", page, "Enabled", "Microsoft Entra ID", ">1</td>", "Rotate", "Revoke")
	wantNoBody(t, "integrations after connecting", page, token)

	t.Run("Rotate", func(t *testing.T) {
		r := b.revealed("rotate", b.post("/integrations/connections/"+conns[0].ID+"/rotate", url.Values{"csrf": {csrf}, "grace": {"24h"}}))
		wantBody(t, "rotated token page", r, "New token for Microsoft Entra ID", "The old token keeps working until")
		newToken := shownToken(t, r.body)
		if newToken == token {
			t.Fatal("rotation showed the old token")
		}
		if e.scimStatus(token) != http.StatusOK || e.scimStatus(newToken) != http.StatusOK {
			t.Fatal("during the grace period both tokens must work")
		}
		page := b.get("/integrations")
		wantBody(t, "integrations during grace", page, "previous token works until", "rotated ")
		// One row: the chain is one connection for the admin; requests add up.
		if n := strings.Count(page.body, "/revoke\""); n != 1 {
			t.Errorf("%d connection rows after a rotation; want 1", n)
		}
		wantBody(t, "request count of the chain", page, ">3</td>")
		r = b.post("/integrations/connections/"+conns[0].ID+"/rotate", url.Values{"csrf": {csrf}, "grace": {"1h"}})
		wantStatus(t, "rotate the replaced connection", r, http.StatusConflict)
		r = b.post("/integrations/connections/"+conns[0].ID+"/rotate", url.Values{"csrf": {csrf}, "grace": {"forever"}})
		wantStatus(t, "rotate with an unknown grace", r, http.StatusBadRequest)

		e.clock.Add(25 * time.Hour)
		if got := e.scimStatus(token); got != http.StatusUnauthorized {
			t.Errorf("old token after its grace period: %d, want 401", got)
		}
		b.signIn("ada@acme.example", password) // the session lasts 12 hours
		token = newToken
	})
	page = b.get("/integrations")
	csrf = csrfOf(t, page.body)
	head := headID(t, page.body)

	t.Run("RotateNow", func(t *testing.T) {
		r := b.revealed("rotate now", b.post("/integrations/connections/"+head+"/rotate", url.Values{"csrf": {csrf}, "grace": {"0"}}))
		wantBody(t, "rotate now", r, "The old token stopped working.")
		if got := e.scimStatus(token); got != http.StatusUnauthorized {
			t.Errorf("old token after rotate-now: %d, want 401", got)
		}
		token = shownToken(t, r.body)
	})
	page = b.get("/integrations")
	head = headID(t, page.body)

	t.Run("PauseAndResume", func(t *testing.T) {
		r := b.post("/integrations/provisioning", url.Values{"csrf": {csrf}, "provisioning": {"off"}})
		wantStatus(t, "pause", r, http.StatusSeeOther)
		if got, _ := e.store.Company(ctx, c.ID); !got.ProvisioningDisabled {
			t.Fatal("provisioning not disabled")
		}
		if got := e.scimStatus(token); got != http.StatusServiceUnavailable {
			t.Errorf("SCIM while paused: %d, want 503", got)
		}
		wantBody(t, "paused page", b.get(r.location), "Provisioning is paused", "Resume provisioning", "Paused", "503", "quarantine")
		r = b.post("/integrations/provisioning", url.Values{"csrf": {csrf}, "provisioning": {"on"}})
		wantStatus(t, "resume", r, http.StatusSeeOther)
		if got := e.scimStatus(token); got != http.StatusOK {
			t.Errorf("SCIM after resuming: %d, want 200", got)
		}
		conns, _ := e.store.Connections(ctx, c.ID)
		if len(conns) != 3 {
			t.Errorf("pausing deleted something: %d connections", len(conns))
		}
	})

	t.Run("Revoke", func(t *testing.T) {
		// A rotation with a grace period, then revoke: both tokens stop.
		r := b.revealed("rotate", b.post("/integrations/connections/"+head+"/rotate", url.Values{"csrf": {csrf}, "grace": {"168h"}}))
		newest := shownToken(t, r.body)
		head := headID(t, b.get("/integrations").body)
		r = b.post("/integrations/connections/"+head+"/revoke", url.Values{"csrf": {csrf}})
		wantStatus(t, "revoke", r, http.StatusSeeOther)
		for _, tok := range []string{token, newest} {
			if got := e.scimStatus(tok); got != http.StatusUnauthorized {
				t.Errorf("SCIM after revoking: %d, want 401", got)
			}
		}
		page := b.get(r.location)
		wantBody(t, "after revoking", page, "The token is revoked", "Revoked connections (1)", "Not connected")
	})
}

// headID returns the id of the first connection row's revoke form.
func headID(t testing.TB, body string) string {
	t.Helper()
	m := regexp.MustCompile(`/integrations/connections/([0-9a-f-]+)/revoke`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no connection on the page:\n%s", body)
	}
	return m[1]
}

func TestSCIMURLFromBaseURL(t *testing.T) {
	e := newEnvConfig(t, func(c *web.Config) { c.BaseURL = "https://roster.example.com/" })
	e.company("Acme", "ada@acme.example")
	b := e.browser()
	b.header.Set("X-Forwarded-Proto", "https") // the cookies are Secure
	csrf := b.signIn("ada@acme.example", password)
	r := b.revealed("enable", b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"Okta"}}))
	wantBody(t, "token page", r, `<code id="scim-url">https://roster.example.com/scim/v2</code>`)
}

func TestAttributes(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)

	wantBody(t, "no attributes", b.get("/attributes"), "No attributes yet", "no spaces")

	t.Run("Invalid", func(t *testing.T) {
		for _, f := range []struct{ name, typ, aliases, want string }{
			{"Employed since", "date", "Employed Since", "no spaces"},
			{"", "option", "", "attribute name is required"},
			{"Level", "colour", "", "is not one of option, date, number, employee"},
		} {
			r := b.post("/attributes", url.Values{"csrf": {csrf}, "name": {f.name}, "type": {f.typ}, "aliases": {f.aliases}})
			wantStatus(t, "create "+f.name, r, http.StatusBadRequest)
			wantBody(t, "create "+f.name, r, f.want)
			// The form keeps what was typed.
			wantBody(t, "create "+f.name, r, `value="`+f.name+`"`)
		}
	})

	r := b.post("/attributes", url.Values{"csrf": {csrf}, "name": {"Employed since"}, "type": {"date"}, "aliases": {"Employed_Since, StartDate"}})
	wantStatus(t, "create", r, http.StatusSeeOther)
	page := b.get(r.location)
	wantStatus(t, "attribute page", page, http.StatusOK)
	wantBody(t, "attribute page", page, "The attribute is created", "urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Employed_Since",
		"external name", "Employed_Since", "0 employees hold")
	defs, _ := e.store.Attributes(ctx, c.ID)
	if len(defs) != 1 || defs[0].Type != directory.TypeDate || strings.Join(defs[0].Aliases, ",") != "Employed_Since,StartDate" {
		t.Fatalf("stored = %+v", defs)
	}
	id := defs[0].ID

	r = b.post("/attributes", url.Values{"csrf": {csrf}, "name": {"Department"}, "type": {"option"}, "options": {"Sales\r\nEngineering\r\n\r\n"}})
	wantStatus(t, "create option attribute", r, http.StatusSeeOther)
	r = b.post("/attributes", url.Values{"csrf": {csrf}, "name": {"startdate"}, "type": {"date"}})
	wantStatus(t, "create a clashing name", r, http.StatusBadRequest)
	wantBody(t, "create a clashing name", r, "already used by attribute")

	list := b.get("/attributes")
	wantBody(t, "list", list, "Employed since", "Department", "urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Department", "2 options")

	t.Run("Aliases", func(t *testing.T) {
		r := b.post("/attributes/"+id+"/aliases", url.Values{"csrf": {csrf}, "aliases": {"Hired On"}})
		wantStatus(t, "bad alias", r, http.StatusBadRequest)
		wantBody(t, "bad alias", r, "no spaces", `value="Hired On"`)
		r = b.post("/attributes/"+id+"/aliases", url.Values{"csrf": {csrf}, "aliases": {"Hired_On"}})
		wantStatus(t, "set aliases", r, http.StatusSeeOther)
		got, _ := e.store.Attribute(ctx, c.ID, id)
		if strings.Join(got.Aliases, ",") != "Hired_On" {
			t.Errorf("aliases = %v", got.Aliases)
		}
		wantBody(t, "after setting aliases", b.get(r.location), "The aliases are saved", ":User:Hired_On")
	})
	t.Run("NoPathWithoutAlias", func(t *testing.T) {
		b.post("/attributes/"+id+"/aliases", url.Values{"csrf": {csrf}, "aliases": {""}})
		wantBody(t, "attribute without alias", b.get("/attributes/"+id), "cannot appear in a SCIM path")
		wantBody(t, "list", b.get("/attributes"), "needs an alias")
	})
	t.Run("Delete", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("e%d@acme.example", i), Active: true,
				Attributes: map[string]directory.AttributeValue{id: {Date: "2021-03-01"}}}
			if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
				t.Fatal(err)
			}
		}
		page := b.get("/attributes/" + id + "/delete")
		wantStatus(t, "delete page", page, http.StatusOK)
		wantBody(t, "delete page", page, "Delete “Employed since”?", "3 values", "3 employees hold", "cannot be undone")
		if got, _ := e.store.Attributes(ctx, c.ID); len(got) != 2 {
			t.Fatal("the confirmation page deleted something")
		}
		r := b.post("/attributes/"+id+"/delete", url.Values{"csrf": {csrf}})
		wantStatus(t, "delete", r, http.StatusSeeOther)
		if _, err := e.store.Attribute(ctx, c.ID, id); directory.ErrorCode(err) != directory.ENotFound {
			t.Errorf("after delete: %v", err)
		}
		wantBody(t, "after delete", b.get(r.location), "The attribute and its values are deleted")
		wantStatus(t, "deleted attribute", b.get("/attributes/"+id), http.StatusNotFound)
	})
}

// seedEmployees creates n employees of the company through the store.
func (e *env) seedEmployees(companyID string, n int, by directory.Actor, edit func(i int, emp *directory.Employee)) []directory.Employee {
	e.t.Helper()
	var out []directory.Employee
	for i := 0; i < n; i++ {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: companyID, UserName: fmt.Sprintf("user%03d@acme.example", i), Active: true,
			Name:   directory.Name{GivenName: fmt.Sprintf("Given%03d", i), FamilyName: "Family"},
			Emails: []directory.Email{{Value: fmt.Sprintf("user%03d@acme.example", i), Type: "work", Primary: true}}}
		if edit != nil {
			edit(i, &emp)
		}
		if err := e.store.CreateEmployee(context.Background(), &emp, by); err != nil {
			e.t.Fatalf("CreateEmployee: %v", err)
		}
		out = append(out, emp)
	}
	return out
}

func TestEmployees(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta"}
	_, conn.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signIn("ada@acme.example", password)
	wantBody(t, "empty list", b.get("/employees"), "No employees yet")

	emps := e.seedEmployees(c.ID, 120, directory.Actor{ConnectionID: conn.ID}, func(i int, emp *directory.Employee) {
		if i%10 == 0 {
			emp.Active = false
		}
		if i == 7 {
			emp.Name = directory.Name{GivenName: "Ada", FamilyName: `Love"lace\`}
			emp.Department = "Engineering"
		}
	})

	page := b.get("/employees")
	wantStatus(t, "list", page, http.StatusOK)
	wantBody(t, "first page", page, "Showing 1–50 of 120 employees", "Given119 Family", "Page 1 of 3", "Okta", "Deactivated")
	wantNoBody(t, "first page", page, "Given069 Family") // newest first: 119 … 70
	page = b.get("/employees?page=3")
	wantBody(t, "last page", page, "Showing 101–120 of 120", "Given000 Family", "Page 3 of 3")
	wantBody(t, "beyond the last page", b.get("/employees?page=99"), "There is no page 99: 120 employees fit on 3 pages", "← Previous")

	t.Run("Search", func(t *testing.T) {
		for _, c := range []struct{ q, status, want, count string }{
			{"given007", "", "Given007", ""}, // never shown: renamed
			{"ada", "", `Ada Love"lace\`, "Showing 1–1 of 1 employee"},
			{`Love"lace\`, "", `Ada Love"lace\`, "of 1 employee"},
			{"ada love", "", `Ada Love"lace\`, "of 1 employee"},
			{"USER11", "", "user119@acme.example", "Showing 1–10 of 10 employees"},
			{"", "deactivated", "Given110 Family", "of 12 employees"},
			{"", "active", "Given119 Family", "of 108 employees"},
			{"user11", "deactivated", "Given110 Family", "of 1 employee"},
			{`") or (userName pr`, "", "", "No employee matches"},
		} {
			q := url.Values{"q": {c.q}, "status": {c.status}}
			r := b.get("/employees?" + q.Encode())
			wantStatus(t, "search "+c.q, r, http.StatusOK)
			if c.count != "" {
				wantBody(t, "search "+q.Encode(), r, c.count)
			}
			if c.q == "given007" {
				wantBody(t, "search "+c.q, r, "No employee matches")
			} else if c.want != "" {
				wantBody(t, "search "+q.Encode(), r, c.want)
			}
		}
		r := b.get("/employees?q=user&status=active&page=2")
		wantBody(t, "paged search", r, "Showing 51–100 of 108", "Page 2 of 3", `href="/employees?q=user&status=active"`,
			`href="/employees?page=3&q=user&status=active"`)
	})

	t.Run("Detail", func(t *testing.T) {
		defs := []directory.AttributeDef{
			{ID: directory.NewID(), CompanyID: c.ID, Name: "Location", Type: directory.TypeOption},
			{ID: directory.NewID(), CompanyID: c.ID, Name: "Mentor", Type: directory.TypeEmployee},
			{ID: directory.NewID(), CompanyID: c.ID, Name: "Level", Type: directory.TypeNumber},
		}
		for i := range defs {
			if err := e.store.CreateAttribute(ctx, &defs[i]); err != nil {
				t.Fatal(err)
			}
		}
		target := emps[3]
		emp, err := e.store.UpdateEmployee(ctx, c.ID, emps[7].ID, directory.Actor{ConnectionID: conn.ID}, func(emp *directory.Employee) error {
			emp.Active = false
			emp.Manager = directory.Reference{Value: "boss@acme.example"}
			emp.Locale = "de-DE"
			emp.Addresses = []directory.Address{{Type: "home", Locality: "Ockham"}, {Type: "work", Locality: "Copenhagen", Country: "DK"}}
			emp.PhoneNumbers = []directory.MultiValue{{Value: "+45 3333 0000", Type: "work"}, {Value: "+45 2222 0000", Type: "mobile"}}
			emp.CostCenter = "CC-9"
			emp.Attributes = map[string]directory.AttributeValue{
				defs[0].ID: {Text: "Berlin"},
				defs[1].ID: {Ref: directory.Reference{Value: target.UserName}},
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		page := b.get("/employees/" + emp.ID)
		wantStatus(t, "employee", page, http.StatusOK)
		wantBody(t, "employee", page, `Ada Love"lace\`, "Deactivated", "Engineering", "Location", "Berlin",
			"Mentor", "Given003 Family", `href="/employees/`+target.ID+`"`, "Level", "no value",
			"1 reference is pending", "manager → <code>boss@acme.example</code>", "Status history", "Activated", "Okta", emp.ID,
			"Work location", "Copenhagen, DK", "Phone numbers", "+45 3333 0000 (work), +45 2222 0000 (mobile)",
			"Survey language", "de-DE", "from locale", "Cost center", "CC-9")
		list := b.get("/employees?q=ada")
		wantBody(t, "list", list, "<th scope=\"col\">Location</th>", "<td>Copenhagen, DK</td>", "<td>de-DE</td>")
		if n := strings.Count(page.body, `<span class="badge off">Deactivated</span></td>`); n != 1 {
			t.Errorf("status history shows %d deactivations; want 1", n)
		}
		wantStatus(t, "unknown employee", b.get("/employees/"+directory.NewID()), http.StatusNotFound)
	})
}

// TestOtherCompany404: an admin of one company gets 404 for every id of
// another company, and changes nothing there.
func TestOtherCompany404(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	acme, _ := e.company("Acme", "ada@acme.example")
	e.company("Globex", "hank@globex.example")
	emp := e.seedEmployees(acme.ID, 1, directory.Actor{}, nil)[0]
	attr := directory.AttributeDef{ID: directory.NewID(), CompanyID: acme.ID, Name: "Location", Type: directory.TypeOption}
	if err := e.store.CreateAttribute(ctx, &attr); err != nil {
		t.Fatal(err)
	}
	conn := directory.Connection{ID: directory.NewID(), CompanyID: acme.ID, Label: "Okta"}
	_, conn.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}

	acmeAdmin := e.browser()
	acmeAdmin.signIn("ada@acme.example", password)
	wantStatus(t, "own employee", acmeAdmin.get("/employees/"+emp.ID), http.StatusOK)
	wantStatus(t, "own attribute", acmeAdmin.get("/attributes/"+attr.ID), http.StatusOK)

	b := e.browser()
	csrf := b.signIn("hank@globex.example", password)
	for _, path := range []string{"/employees/" + emp.ID, "/attributes/" + attr.ID, "/attributes/" + attr.ID + "/delete"} {
		r := b.get(path)
		wantStatus(t, "GET "+path, r, http.StatusNotFound)
		wantBody(t, "GET "+path, r, "Page not found")
		wantNoBody(t, "GET "+path, r, "user000", "Location")
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{"/attributes/" + attr.ID + "/aliases", url.Values{"aliases": {"Loc"}}},
		{"/attributes/" + attr.ID + "/delete", url.Values{}},
		{"/integrations/connections/" + conn.ID + "/rotate", url.Values{"grace": {"0"}}},
		{"/integrations/connections/" + conn.ID + "/revoke", url.Values{}},
	} {
		p.form.Set("csrf", csrf)
		wantStatus(t, "POST "+p.path, b.post(p.path, p.form), http.StatusNotFound)
	}
	if got, err := e.store.Attribute(ctx, acme.ID, attr.ID); err != nil || len(got.Aliases) != 0 {
		t.Errorf("Acme's attribute changed: %+v, %v", got, err)
	}
	if got, _ := e.store.Connection(ctx, conn.ID); !got.RevokedAt.IsZero() {
		t.Error("Acme's connection was revoked by Globex")
	}
	if repl, _ := e.store.ConnectionReplacements(ctx, acme.ID); len(repl) != 0 {
		t.Error("Acme's connection was rotated by Globex")
	}
	// Globex's lists hold nothing of Acme's.
	wantNoBody(t, "Globex employees", b.get("/employees"), "user000")
	wantNoBody(t, "Globex attributes", b.get("/attributes"), "Location")
	wantNoBody(t, "Globex integrations", b.get("/integrations"), "Okta</strong>")
}

func TestPagesAndHeaders(t *testing.T) {
	e := newEnv(t)
	e.company("Acme", "ada@acme.example")
	b := e.browser()
	for _, path := range []string{"/login", "/nowhere"} {
		r := b.get(path)
		csp := r.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: Content-Security-Policy = %q", path, csp)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
	}
	wantStatus(t, "unknown page", b.get("/nowhere"), http.StatusNotFound)
	r := b.get("/static/style.css")
	wantStatus(t, "style.css", r, http.StatusOK)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("style.css Content-Type = %q", r.header.Get("Content-Type"))
	}
	wantStatus(t, "copy.js", b.get("/static/copy.js"), http.StatusOK)
	wantStatus(t, "home signed out", b.get("/"), http.StatusSeeOther)
	b.signIn("ada@acme.example", password)
	r = b.get("/")
	if r.status != http.StatusSeeOther || r.location != "/integrations" {
		t.Errorf("home signed in: %d %q", r.status, r.location)
	}
	for _, path := range []string{"/integrations", "/attributes", "/employees"} {
		r := b.get(path)
		wantStatus(t, path, r, http.StatusOK)
		wantBody(t, path, r, `aria-current="page"`, "Acme", "ada@acme.example", "Sign out")
		if strings.Contains(r.body, "<script>") || strings.Contains(r.body, " style=") || strings.Contains(r.body, "onclick") {
			t.Errorf("%s has inline script or style, which the CSP refuses", path)
		}
	}
	// SCIM paths are never the console's, whatever their case.
	for _, path := range []string{"/users", "/Users", "/scim/v2/Users"} {
		if r := b.get(path); r.status != http.StatusUnauthorized || strings.Contains(r.body, "<html") {
			t.Errorf("%s: %d %q; want the SCIM API's 401", path, r.status, r.body)
		}
	}
}
