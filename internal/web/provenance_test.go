package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// TestEmployeeProvenance: the employee page says who last set each
// attribute, who created the employee and who changed it last, and lists
// every connection's externalId once; the list's Source is the last
// writer, not the creator.
func TestEmployeeProvenance(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	conn := func(label string) directory.Actor {
		x := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: label}
		_, x.TokenHash = directory.NewToken()
		if err := e.store.CreateConnection(ctx, &x); err != nil {
			t.Fatal(err)
		}
		return directory.Actor{ConnectionID: x.ID}
	}
	entra, hr := conn("Microsoft Entra ID"), conn("Workday HR")
	emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "grace@acme.example", Active: true,
		Title: "Engineer", ExternalID: "entra-guid"}
	if err := e.store.CreateEmployee(ctx, &emp, entra); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateEmployee(ctx, c.ID, emp.ID, hr, func(p *directory.Employee) error {
		p.Department, p.ExternalID = "Research", "WD-7"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Entra's token rotated, the old one still working: its externalId is
	// under both tokens, which the page names as one connection, once.
	next := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Microsoft Entra ID"}
	_, next.TokenHash = directory.NewToken()
	if err := e.store.RotateConnection(ctx, entra.ConnectionID, &next, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signIn("ada@acme.example", password)
	page := b.get("/employees/" + emp.ID)
	wantStatus(t, "employee", page, http.StatusOK)
	wantBody(t, "employee", page, "entra-guid (Microsoft Entra ID)", "WD-7 (Workday HR)",
		"by Microsoft Entra ID · last change", "by Workday HR</p>")
	if n := strings.Count(page.body, "entra-guid (Microsoft Entra ID)"); n != 1 {
		t.Errorf("Entra's externalId shown %d times; want once", n)
	}
	for attr, who := range map[string]string{"Title": "Microsoft Entra ID", "Department": "Workday HR", "userName": "Microsoft Entra ID"} {
		re := regexp.MustCompile(`<dt>` + attr + `</dt><dd>[^<]*<br><span class="small muted provenance">set by ` + who + ` · `)
		if !re.MatchString(page.body) {
			t.Errorf("%s does not say it was set by %s", attr, who)
		}
	}
	list := b.get("/employees")
	if !regexp.MustCompile(`<td>Workday HR</td>`).MatchString(list.body) {
		t.Errorf("list's Source is not the last writer (Workday HR)")
	}
	// The new token writes another: the old token's copy, stale, is not
	// shown beside it.
	if _, err := e.store.UpdateEmployee(ctx, c.ID, emp.ID, directory.Actor{ConnectionID: next.ID}, func(p *directory.Employee) error {
		p.ExternalID = "entra-guid-2"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	page = b.get("/employees/" + emp.ID)
	wantBody(t, "after the new token's write", page, "entra-guid-2 (Microsoft Entra ID)")
	wantNoBody(t, "after the new token's write", page, "entra-guid (Microsoft Entra ID)")
}

// TestOwnersPage: an admin sets, sees and removes an attribute's owner;
// a bad attribute is a 400 page that says why.
func TestOwnersPage(t *testing.T) {
	e := newEnv(t)
	c, _ := e.company("Acme", "ada@acme.example")
	ctx := context.Background()
	hr := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Workday HR"}
	_, hr.TokenHash = directory.NewToken()
	if err := e.store.CreateConnection(ctx, &hr); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	csrf := b.signIn("ada@acme.example", password)
	wantBody(t, "owners", b.get("/owners"), "No owners.", `<option value="department">department</option>`, "Workday HR")
	wantStatus(t, "set", b.post("/owners", url.Values{"csrf": {csrf}, "attribute": {"department"}, "connection": {hr.ID}}), http.StatusSeeOther)
	wantBody(t, "after set", b.get("/owners"), "<strong>department</strong></td><td>Workday HR</td>")
	owners, err := e.store.Owners(ctx, c.ID)
	if err != nil || len(owners) != 1 || owners[0].ConnectionID != hr.ID {
		t.Fatalf("owners %v, %v", owners, err)
	}
	bad := b.post("/owners", url.Values{"csrf": {csrf}, "attribute": {"userName"}, "connection": {hr.ID}})
	wantStatus(t, "userName", bad, http.StatusBadRequest)
	wantBody(t, "userName", bad, "userName cannot have an owner", `<option value="`+hr.ID+`" selected>`)
	// A refused form keeps what was chosen.
	bad = b.post("/owners", url.Values{"csrf": {csrf}, "attribute": {"title"}, "connection": {"nope"}})
	wantStatus(t, "unknown connection", bad, http.StatusBadRequest)
	wantBody(t, "unknown connection", bad, `<option value="title" selected>`)
	b.post("/owners", url.Values{"csrf": {csrf}, "attribute": {"department"}})
	wantBody(t, "after remove", b.get("/owners"), "No owners.")
	// Both changes are in the activity log, by the admin.
	wantBody(t, "activity", b.get("/activity"), "owner set", `department is owned by "Workday HR"`, "owner cleared", "department has no owner")
}

// The page of a deleted employee (the activity log links to it) says who
// deleted them and when, and links to their activity; an id that never
// was is the usual 404.
func TestDeletedEmployeePage(t *testing.T) {
	e := newEnv(t)
	_, a := e.company("Acme", "ada@acme.example")
	b := e.browser()
	csrf := b.signIn(a.Email, password)
	token := b.connect(csrf, "Okta")
	status, created := e.scim("POST", "/scim/v2/Users", token, scimUser("Grace", "Hopper", "Navy", nil))
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, created)
	}
	id := created["id"].(string)
	if status, _ := e.scim("DELETE", "/scim/v2/Users/"+id, token, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	page := b.get("/employees/" + id)
	wantStatus(t, "deleted employee", page, http.StatusNotFound)
	wantBody(t, "deleted employee", page, "This employee was deleted", "Okta deleted grace.hopper@acme.example at ", `href="/activity?employee=`+id+`"`)
	wantNoBody(t, "never was", b.get("/employees/"+directory.NewID()), "was deleted")
}
