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
)

// hostileEnv is a signed-in admin's browser on a company with employees,
// an attribute and a connection, and the ids of those.
func hostileEnv(t *testing.T, backend string) (*browser, string, map[string]string) {
	e := newEnvOn(t, backend, nil)
	c, a := e.company("Acme", "admin@acme.example")
	ctx := context.Background()
	ids := map[string]string{"company": c.ID}
	for i := 0; i < 3; i++ {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: fmt.Sprintf("user%d@acme.example", i), Active: true}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
		ids["employee"] = emp.ID
	}
	def := directory.AttributeDef{ID: directory.NewID(), CompanyID: c.ID, Name: "Office", Type: directory.TypeOption}
	if err := e.store.CreateAttribute(ctx, &def); err != nil {
		t.Fatal(err)
	}
	ids["attribute"] = def.ID
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &round); err != nil {
		t.Fatal(err)
	}
	ids["round"] = round.ID
	b := e.browser()
	csrf := b.signIn(a.Email, password)
	r := b.post("/integrations/connections", url.Values{"csrf": {csrf}, "label": {"Okta"}})
	wantStatus(t, "create connection", r, http.StatusSeeOther) // to the token, shown once
	conns, err := e.store.Connections(ctx, c.ID)
	if err != nil || len(conns) != 1 {
		t.Fatalf("connections: %v %v", conns, err)
	}
	ids["connection"] = conns[0].ID
	return b, csrf, ids
}

// onBackends runs fn on every backend, each time on a new hostileEnv.
func onBackends(t *testing.T, fn func(t *testing.T, b *browser, csrf string, ids map[string]string)) {
	for _, backend := range backends {
		t.Run(backend, func(t *testing.T) {
			b, csrf, ids := hostileEnv(t, backend)
			fn(t, b, csrf, ids)
		})
	}
}

// TestConsoleHostileQueries: every console page, given absurd query
// values, answers a page or a 4xx page, never a 5xx.
func TestConsoleHostileQueries(t *testing.T) {
	values := []string{
		"9223372036854775807", "9223372036854775808", "99999999999999999999999", "-9223372036854775808", "-1", "0", "1e9", "0x10",
		"%00", "a%00b", "%ff", "a%c3", "%", "%25", "%22", "'", "%27%22%3C%3E", "AND", "(", "*", "%E2%80%AE",
		strings.Repeat("a", 10<<10), strings.Repeat("%22", 2000),
	}
	onBackends(t, func(t *testing.T, b *browser, _ string, ids map[string]string) {
		pages := []string{"/", "/login", "/integrations", "/attributes", "/attributes/" + ids["attribute"],
			"/attributes/" + ids["attribute"] + "/delete", "/employees", "/employees/" + ids["employee"],
			"/activity", "/activity/failures", "/surveys", "/surveys/" + ids["round"], "/guard"}
		// The activity pages' filters, on those pages only.
		filters := []string{"connection", "employee", "operation", "outcome", "period", "from", "to", "name"}
		for _, p := range pages {
			params := []string{"page", "q", "status", "done", "next", "x", "released"}
			if strings.HasPrefix(p, "/activity") || p == "/attributes" {
				params = append(params, filters...)
			}
			if strings.HasPrefix(p, "/surveys/") { // the audience's page and the why lookup
				params = append(params, "after", "who")
			}
			for _, param := range params {
				for _, v := range values {
					r := b.get(p + "?" + param + "=" + v)
					if r.status >= 500 {
						t.Errorf("GET %s?%s=%.40s: status %d", p, param, v, r.status)
					}
				}
			}
		}
		// Hostile ids are not found.
		for _, p := range []string{"/employees/%00", "/employees/" + ids["employee"] + "%00", "/employees/%ff", "/employees/a%c3",
			"/attributes/%00", "/attributes/%ff/delete", "/employees/" + strings.Repeat("x", 10<<10),
			"/surveys/%00", "/surveys/a%c3", "/surveys/" + strings.Repeat("x", 10<<10), "/surveys/" + ids["round"] + "%00",
			"/integrations/reveal/%00", "/integrations/reveal/a%c3", "/integrations/reveal/" + strings.Repeat("x", 10<<10)} {
			wantStatus(t, "GET "+p[:min(len(p), 40)], b.get(p), http.StatusNotFound)
		}
	})
}

func TestConsoleQueryValues(t *testing.T) {
	onBackends(t, func(t *testing.T, b *browser, _ string, _ map[string]string) {
		for _, tc := range []struct {
			query  string
			status int
			want   []string
		}{
			// A page beyond the last is empty, with a link back,
			// however far beyond.
			{"page=9223372036854775807", 200, []string{"There is no page 9,223,372,036,854,775,807: 3 employees fit on 1 page", "← Previous"}},
			{"page=99999999999999999999999", 200, []string{"There is no page 9,223,372,036,854,775,807"}},
			{"page=-9223372036854775808", 200, []string{"Showing 1–3 of 3"}},
			{"page=0", 200, []string{"Showing 1–3 of 3"}},
			{"page=abc", 400, []string{`"page"`, "whole number"}},
			{"page=1e9", 400, []string{`"page"`, "whole number"}},
			{"status=bogus", 200, []string{"Showing 1–3 of 3"}},
			{"q=AND", 200, []string{"No employee matches"}},
			{"q=%22", 200, []string{"No employee matches"}},
			{"q=user1", 200, []string{"Showing 1–1 of 1"}},
			{"q=a%00b", 400, []string{`"q"`, "NUL"}},
			{"q=%ff", 400, []string{`"q"`, "UTF-8"}},
		} {
			r := b.get("/employees?" + tc.query)
			wantStatus(t, tc.query, r, tc.status)
			wantBody(t, tc.query, r, tc.want...)
		}
	})
}

// TestConsoleFormsRefuseNUL: a form field that holds a NUL or bytes that
// are not UTF-8 is a 400 page naming the field, and nothing changes.
func TestConsoleFormsRefuseNUL(t *testing.T) {
	onBackends(t, func(t *testing.T, b *browser, csrf string, ids map[string]string) {
		for _, tc := range []struct {
			path  string
			form  url.Values
			field string
		}{
			{"/attributes", url.Values{"name": {"Off\x00ice"}, "type": {"option"}}, "name"},
			{"/attributes", url.Values{"name": {"Team"}, "type": {"option"}, "options": {"A\r\nB\x00"}}, "options"},
			{"/attributes", url.Values{"name": {"Team"}, "type": {"option"}, "aliases": {"\xff"}}, "aliases"},
			{"/attributes", url.Values{"name": {"Team"}, "type": {"option\x00"}}, "type"},
			{"/attributes/" + ids["attribute"] + "/aliases", url.Values{"aliases": {"Office_\x00"}}, "aliases"},
			{"/integrations/connections", url.Values{"label": {"Entra\x00"}}, "label"},
			{"/integrations/connections/" + ids["connection"] + "/rotate", url.Values{"grace": {"\x00"}}, "grace"},
			{"/integrations/provisioning", url.Values{"provisioning": {"off\x00"}}, "provisioning"},
			{"/guard/policy", url.Values{"percent": {"10"}, "min": {"25"}, "window": {"1h\x00"}}, "window"},
			{"/guard/release", url.Values{"connection": {ids["connection"] + "\x00"}}, "connection"},
			{"/login", url.Values{"email": {"admin@acme.example\x00"}, "password": {password}}, "email"},
			{"/setup", url.Values{"token": {"t"}, "company": {"A\x00"}, "email": {"x@y.z"}}, "company"},
		} {
			form := tc.form
			form.Set("csrf", csrf)
			r := b.post(tc.path, form)
			wantStatus(t, "POST "+tc.path+" "+tc.field, r, http.StatusBadRequest)
			wantBody(t, "POST "+tc.path, r, fmt.Sprintf("%q", tc.field), "NUL", "Nothing was changed")
		}
		defs, err := b.e.store.Attributes(context.Background(), ids["company"])
		if err != nil || len(defs) != 1 || len(defs[0].Aliases) != 0 {
			t.Errorf("attributes after refused forms: %+v %v", defs, err)
		}
		conns, err := b.e.store.Connections(context.Background(), ids["company"])
		if err != nil || len(conns) != 1 || !conns[0].RevokedAt.IsZero() {
			t.Errorf("connections after refused forms: %+v %v", conns, err)
		}
	})
}
