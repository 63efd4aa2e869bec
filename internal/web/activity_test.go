package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
	"roster/internal/scim/schema"
	"roster/internal/web"
)

// logWorld is a company with two connections (Entra, Okta), an option
// attribute, employees written through the connections (their entries
// logged by the store, with their diffs) and refusals appended as the
// SCIM server's queue appends them; and a second company with entries of
// its own that must never show.
type logWorld struct {
	e                  *env
	b                  *browser
	company            directory.Company
	entra, okta, other directory.Connection
	location           directory.AttributeDef
	ada                directory.Employee
	otherEmployee      directory.Employee
}

func newLogWorld(t *testing.T, configure func(*web.Config)) *logWorld {
	t.Helper()
	e := newEnvConfig(t, configure)
	ctx := context.Background()
	w := &logWorld{e: e}
	var admin directory.Admin
	w.company, admin = e.company("Acme", "admin@acme.example")
	globex, _ := e.company("Globex", "admin@globex.example")
	conn := func(companyID, label string) directory.Connection {
		_, hash := directory.NewToken()
		c := directory.Connection{ID: directory.NewID(), CompanyID: companyID, Label: label, TokenHash: hash}
		if err := e.store.CreateConnection(ctx, &c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	w.entra, w.okta, w.other = conn(w.company.ID, "Microsoft Entra ID"), conn(w.company.ID, "Okta"), conn(globex.ID, "Globex Entra")
	w.location = directory.AttributeDef{ID: directory.NewID(), CompanyID: w.company.ID, Name: "Location", Type: directory.TypeOption, Options: []string{"Berlin", "London"}}
	if err := e.store.CreateAttribute(ctx, &w.location); err != nil {
		t.Fatal(err)
	}
	through := func(c directory.Connection, client, op string) directory.Actor {
		return directory.Actor{ConnectionID: c.ID, Request: &directory.RequestInfo{Client: client, RequestID: "req-" + op, Operation: op}}
	}
	w.ada = directory.Employee{ID: directory.NewID(), CompanyID: w.company.ID, UserName: "ada@acme.example", Title: "Engineer", Active: true,
		Attributes: map[string]directory.AttributeValue{w.location.ID: {Text: "London"}}}
	if err := e.store.CreateEmployee(ctx, &w.ada, through(w.entra, directory.ClientEntra, directory.OpCreate)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateEmployee(ctx, w.company.ID, w.ada.ID, through(w.okta, directory.ClientOkta, directory.OpPatch), func(x *directory.Employee) error {
		x.Title = "Staff Engineer"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bob := directory.Employee{ID: directory.NewID(), CompanyID: w.company.ID, UserName: "bob@acme.example", Active: true}
	if err := e.store.CreateEmployee(ctx, &bob, through(w.entra, directory.ClientEntra, directory.OpCreate)); err != nil {
		t.Fatal(err)
	}
	w.otherEmployee = directory.Employee{ID: directory.NewID(), CompanyID: globex.ID, UserName: "secret@globex.example", Active: true}
	if err := e.store.CreateEmployee(ctx, &w.otherEmployee, through(w.other, directory.ClientEntra, directory.OpCreate)); err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	var refusals []directory.LogEntry
	refuse := func(companyID string, c directory.Connection, at time.Time, userName, scimType, detail string) {
		status := http.StatusBadRequest
		if scimType == "uniqueness" {
			status = http.StatusConflict
		}
		refusals = append(refusals, directory.LogEntry{CompanyID: companyID, At: at, ConnectionID: c.ID, Client: directory.ClientEntra,
			Operation: directory.OpCreate, UserName: userName, Status: status,
			ScimType: scimType, Detail: detail, Cause: directory.CauseOf(detail, userName, "")})
	}
	paris := `"` + schema.CompanyURN + `:Location" must be one of "Berlin", "London"; got "Paris"`
	for i, u := range []string{"carol@acme.example", "dan@acme.example", "erin@acme.example"} {
		refuse(w.company.ID, w.entra, now.Add(-time.Duration(3-i)*time.Hour), u, "invalidValue", paris)
	}
	refuse(w.company.ID, w.okta, now.Add(-30*time.Minute), "ada@acme.example", "uniqueness",
		`userName "ada@acme.example" is already taken in this company (userNames are compared case-insensitively)`)
	refuse(w.company.ID, w.entra, now.Add(-10*24*time.Hour), "old@acme.example", "invalidValue",
		`"costCenter" is not an attribute of `+schema.CompanyURN+`; an administrator must create it in roster (Attributes) before identity providers can send it`)
	refuse(globex.ID, w.other, now.Add(-time.Hour), "secret@globex.example", "invalidValue", `globex's own refusal`)
	if err := e.store.AppendActivity(ctx, refusals); err != nil {
		t.Fatal(err)
	}
	w.b = e.browser()
	w.b.signIn(admin.Email, password)
	return w
}

func TestActivityPage(t *testing.T) {
	w := newLogWorld(t, nil)
	b := w.b
	all := b.get("/activity")
	wantStatus(t, "activity", all, http.StatusOK)
	// The writes and refusals, and what roster logged itself (the
	// company's creation, its connections).
	_, n, err := w.e.store.ActivityLog(context.Background(), w.company.ID, directory.ActivityQuery{})
	if err != nil || n < 8 {
		t.Fatalf("entries: %d, %v; want the 3 writes and 5 refusals at least", n, err)
	}
	wantBody(t, "activity", all, fmt.Sprintf("Showing 1–%d of %d entries, newest first", n, n),
		// An entry expands to its diff, attribute by attribute, company
		// attributes by name.
		`<details class="entry"`, "<code>title</code>", "<td>Engineer</td>", "<td>Staff Engineer</td>", "<code>Location</code>", "<td>London</td>",
		`title: "Engineer" → "Staff Engineer"`, "Okta", "Microsoft Entra ID", "409 refused", "is already taken", "request id <code>req-patch</code>",
		"/activity?employee="+w.ada.ID)
	wantNoBody(t, "activity", all, "secret@globex.example", "globex's own refusal", "Globex Entra", "not recorded")

	for _, tc := range []struct {
		query       string
		count       string
		want, unwan []string
	}{
		{"outcome=refused", "of 5 entries", []string{"must be one of", "409 refused"}, []string{"Staff Engineer"}},
		{"outcome=succeeded", "", []string{"Staff Engineer"}, []string{"409 refused", "must be one of"}},
		{"connection=" + w.okta.ID, "of 2 entries", []string{"Staff Engineer", "already taken"}, []string{"must be one of"}},
		{"operation=patch", "of 1 entry", []string{"Staff Engineer"}, []string{"bob@acme.example"}},
		{"employee=" + w.ada.ID, "of 2 entries", []string{"Employee: <strong>ada@acme.example", "Staff Engineer"}, []string{"bob@acme.example"}},
		{"period=24h&outcome=refused", "of 4 entries", nil, []string{"costCenter"}},
		{"period=30d&outcome=refused", "of 5 entries", []string{"costCenter"}, nil},
		{"from=2000-01-01&to=" + w.e.clock.Now().AddDate(0, 0, -9).Format("2006-01-02") + "&outcome=refused", "of 1 entry", []string{"costCenter"}, []string{"Paris"}},
		{"outcome=refused&connection=" + w.entra.ID + "&period=7d", "of 3 entries", []string{"must be one of"}, []string{"already taken"}},
		// Unknown choices are "all", as on the employee list.
		{"operation=drop+table&outcome=maybe&period=forever", "of " + fmt.Sprint(n) + " entries", nil, nil},
		// Another company's employee id: no entries, nothing of its.
		{"employee=" + w.otherEmployee.ID, "", []string{"No entry matches"}, []string{"secret@globex.example"}},
	} {
		r := b.get("/activity?" + tc.query)
		wantStatus(t, tc.query, r, http.StatusOK)
		if tc.count != "" {
			wantBody(t, tc.query, r, tc.count)
		}
		wantBody(t, tc.query, r, tc.want...)
		html := r.body
		// The filter form shows the choices, so that Next keeps them.
		for _, u := range tc.unwan {
			if strings.Contains(strings.SplitN(html, `id="count"`, 2)[1], u) {
				t.Errorf("%s: entries hold %q", tc.query, u)
			}
		}
	}

	// Another company's connection is not found; bad days and pages are
	// a 400 naming the field.
	wantStatus(t, "other company's connection", b.get("/activity?connection="+w.other.ID), http.StatusNotFound)
	wantStatus(t, "unknown connection", b.get("/activity?connection=nope"), http.StatusNotFound)
	for _, q := range []string{"from=yesterday", "to=2025-13-01", "page=abc"} {
		r := b.get("/activity?" + q)
		wantStatus(t, q, r, http.StatusBadRequest)
		wantBody(t, q, r, `"`+strings.SplitN(q, "=", 2)[0]+`"`)
	}
}

func TestActivityPaging(t *testing.T) {
	w := newLogWorld(t, nil)
	ctx := context.Background()
	var more []directory.LogEntry
	for i := 0; i < 60; i++ {
		more = append(more, directory.LogEntry{CompanyID: w.company.ID, At: w.e.clock.Now().Add(time.Duration(i) * time.Second), ConnectionID: w.entra.ID,
			Client: directory.ClientEntra, Operation: directory.OpProbe, Status: 200, Detail: fmt.Sprintf("probe number %d", i)})
	}
	if err := w.e.store.AppendActivity(ctx, more); err != nil {
		t.Fatal(err)
	}
	r := w.b.get("/activity?operation=probe")
	wantBody(t, "page 1", r, "Showing 1–50 of 60 entries", "probe number 59", "probe number 10", "Page 1 of 2", `href="/activity?operation=probe&page=2"`)
	wantNoBody(t, "page 1", r, "probe number 9<", "probe number 9\n")
	r = w.b.get("/activity?operation=probe&page=2")
	wantBody(t, "page 2", r, "Showing 51–60 of 60 entries", "probe number 9", "probe number 0", `href="/activity?operation=probe"`)
	wantNoBody(t, "page 2", r, "probe number 10")
	r = w.b.get("/activity?operation=probe&page=9223372036854775807")
	wantStatus(t, "far page", r, http.StatusOK)
	wantBody(t, "far page", r, "There is no page 9,223,372,036,854,775,807: 60 entries fit on 2 pages", "← Previous")
}

// TestActivityDropped: refusals the SCIM server could not record are
// counted on the Activity and failure pages, and only when there are any.
func TestActivityDropped(t *testing.T) {
	var dropped int64 = 7
	w := newLogWorld(t, func(c *web.Config) { c.ActivityDropped = func() int64 { return dropped } })
	for _, p := range []string{"/activity", "/activity/failures"} {
		wantBody(t, p, w.b.get(p), "7 refused requests were not recorded")
	}
	dropped = 0
	for _, p := range []string{"/activity", "/activity/failures"} {
		wantNoBody(t, p, w.b.get(p), "not recorded")
	}
}

func TestFailuresPage(t *testing.T) {
	w := newLogWorld(t, nil)
	r := w.b.get("/activity/failures")
	wantStatus(t, "failures", r, http.StatusOK)
	// The window is the last 7 days: the 10-day-old costCenter refusal
	// is out; the other company's refusals never show.
	wantBody(t, "failures", r, "4 refused requests in the last 7 days, 2 causes",
		`"urn:ietf:params:scim:schemas:extension:peakon:2.0:User:Location" must be one of "Berlin", "London"; got "Paris"`,
		"erin@acme.example, dan@acme.example, carol@acme.example", // newest first
		`userName "…" is already taken`, ">3</td>", ">1</td>",
		`href="/attributes/`+w.location.ID+`"`, "Open the attribute Location",
		`href="/employees?q=ada%40acme.example"`, "Find the employee who has ada@acme.example",
		when(w.e.clock.Now().Add(-3*time.Hour)), when(w.e.clock.Now().Add(-1*time.Hour)), "from Microsoft Entra ID")
	wantNoBody(t, "failures", r, "costCenter", "globex")
	// The most frequent cause comes first.
	if i, j := strings.Index(r.body, "must be one of"), strings.Index(r.body, "already taken"); i < 0 || j < 0 || i > j {
		t.Errorf("causes out of order: Paris at %d, uniqueness at %d", i, j)
	}

	r = w.b.get("/activity/failures?period=30d")
	wantBody(t, "30 days", r, "5 refused requests in the last 30 days, 3 causes", `href="/attributes?name=costCenter#new-h"`, "Create the attribute costCenter")
	// The fix link prefills the create form.
	wantBody(t, "prefilled form", w.b.get("/attributes?name=costCenter"), `id="name" name="name" required maxlength="100" placeholder="Employed since" value="costCenter"`)
	// A bad period is the default window, as a select's unknown choice.
	wantBody(t, "bad period", w.b.get("/activity/failures?period=%27"), "in the last 7 days")
}

// TestFailuresAffectedAndCap: a cause lists ten userNames and counts the
// others; a window with more refusals than the page reads says so.
func TestFailuresAffectedAndCap(t *testing.T) {
	w := newLogWorld(t, nil)
	var many []directory.LogEntry
	for i := 0; i < 5001; i++ {
		u := fmt.Sprintf("user%02d@acme.example", i%12)
		d := `userName "` + u + `" is already taken in this company`
		many = append(many, directory.LogEntry{CompanyID: w.company.ID, At: w.e.clock.Now().Add(-time.Minute), ConnectionID: w.entra.ID,
			Client: directory.ClientEntra, Operation: directory.OpCreate, UserName: u, Status: 409, ScimType: "uniqueness", Detail: d, Cause: directory.CauseOf(d, u, "")})
	}
	if err := w.e.store.AppendActivity(context.Background(), many); err != nil {
		t.Fatal(err)
	}
	r := w.b.get("/activity/failures")
	wantBody(t, "capped", r, "5,005 refused requests in the last 7 days", "counted from the newest 5,000 (the page reads at most 5,000)", "+2 more", ">5,000</td>")
}

func when(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") }

// TestEmployeeActivityLog: the employee page shows the entries that name
// the employee, newest first, each with its diff, and links to all of
// them on the Activity page.
func TestEmployeeActivityLog(t *testing.T) {
	w := newLogWorld(t, nil)
	r := w.b.get("/employees/" + w.ada.ID)
	wantStatus(t, "employee", r, http.StatusOK)
	wantBody(t, "employee", r, `id="log-h"`, `title: "Engineer" → "Staff Engineer"`, "<td>Staff Engineer</td>", "patch", "create",
		`href="/activity?employee=`+url.QueryEscape(w.ada.ID)+`"`)
	wantNoBody(t, "employee", r, "bob@acme.example", "must be one of")
	if i, j := strings.Index(r.body, ">patch<"), strings.Index(r.body, ">create<"); i < 0 || j < 0 || i > j {
		t.Errorf("entries not newest first: patch at %d, create at %d", i, j)
	}
	wantStatus(t, "other company's employee", w.b.get("/employees/"+w.otherEmployee.ID), http.StatusNotFound)
}
