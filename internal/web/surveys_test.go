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

// surveyEnv is a signed-in admin of a company with three active
// employees (alice, bob, carol) and one deactivated (dave).
func surveyEnv(t *testing.T) (*env, *browser, string, directory.Company, map[string]string) {
	e := newEnv(t)
	c, a := e.company("Acme", "admin@acme.example")
	ctx := context.Background()
	ids := map[string]string{}
	for _, n := range []string{"alice", "bob", "carol", "dave"} {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: n + "@acme.example", Active: true}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
		ids[n] = emp.ID
	}
	if _, err := e.store.UpdateEmployee(ctx, c.ID, ids["dave"], directory.Actor{}, func(x *directory.Employee) error {
		x.Active = false
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	return e, b, b.signIn(a.Email, password), c, ids
}

// formTime writes t as the schedule form's datetime-local fields do.
func formTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04") }

func TestSurveysScheduleListCancel(t *testing.T) {
	e, b, csrf, c, _ := surveyEnv(t)
	wantBody(t, "empty list", b.get("/surveys"), "No survey rounds yet", `href="/surveys"`)

	opens := time.Now().Add(48 * time.Hour)
	r := b.post("/surveys", url.Values{"csrf": {csrf}, "name": {"Kickoff"}, "opens": {formTime(opens)}})
	wantStatus(t, "schedule one-off", r, http.StatusSeeOther)
	// The schedule's first round opens an hour after the one-off: on
	// the next day when the test runs in the day's last hour (UTC).
	pulse := opens.Add(time.Hour)
	r = b.post("/surveys", url.Values{"csrf": {csrf}, "name": {"Pulse"}, "opens": {formTime(pulse)}, "every": {"2"}, "unit": {"w"}})
	wantStatus(t, "schedule every 2 weeks", r, http.StatusSeeOther)
	rounds, err := e.store.SurveyRounds(context.Background(), c.ID)
	if err != nil || len(rounds) != 1+directory.UpcomingRounds {
		t.Fatalf("rounds = %d, %v; want the one-off and %d of the schedule", len(rounds), err, directory.UpcomingRounds)
	}
	r = b.get("/surveys?done=scheduled")
	wantBody(t, "list", r, "The survey is scheduled", "Kickoff", "Pulse "+pulse.UTC().Format("2006-01-02"), "Upcoming", "from a schedule", "active now")
	if n := strings.Count(r.body, `action="/surveys/`); n != 4 {
		t.Errorf("%d cancel forms; want one per upcoming round (4)", n)
	}

	// Cancel the one-off: marked, no form any more, logged.
	kick := rounds[0]
	wantStatus(t, "cancel", b.post("/surveys/"+kick.ID+"/cancel", url.Values{"csrf": {csrf}}), http.StatusSeeOther)
	r = b.get("/surveys")
	wantBody(t, "after cancel", r, "Cancelled")
	if strings.Contains(r.body, `action="/surveys/`+kick.ID+`/cancel"`) {
		t.Error("a cancelled round still has a cancel form")
	}
	if got, _ := e.store.SurveyRound(context.Background(), c.ID, kick.ID); !got.Cancelled {
		t.Error("the round is not cancelled in the store")
	}
	wantBody(t, "activity", b.get("/activity"), "survey scheduled", "survey cancelled", `round "Kickoff" cancelled`)
	// Again (a second tab, a double click): nothing changes, nothing more
	// is logged, as through the API and the CLI.
	cancelEntries := func() int {
		entries, _, err := e.store.ActivityLog(context.Background(), c.ID, directory.ActivityQuery{Operation: directory.OpSurveyCancelled, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	wantStatus(t, "cancel again", b.post("/surveys/"+kick.ID+"/cancel", url.Values{"csrf": {csrf}}), http.StatusSeeOther)
	if n := cancelEntries(); n != 1 {
		t.Errorf("%d entries of the cancel after cancelling twice; want 1", n)
	}

	// Without the CSRF token nothing happens.
	wantStatus(t, "cancel without csrf", b.post("/surveys/"+rounds[1].ID+"/cancel", url.Values{}), http.StatusForbidden)
}

func TestSurveysScheduleBadInput(t *testing.T) {
	_, b, csrf, _, _ := surveyEnv(t)
	future := formTime(time.Now().Add(24 * time.Hour))
	for _, tc := range []struct {
		what string
		form url.Values
		want string
	}{
		{"no name", url.Values{"opens": {future}}, "needs a name"},
		{"no opening", url.Values{"name": {"X"}}, "Opens must be a day and time"},
		{"garbage opening", url.Values{"name": {"X"}, "opens": {"tomorrow"}}, "Opens must be a day and time"},
		{"in the past", url.Values{"name": {"X"}, "opens": {"2001-01-01T09:00"}}, "Opens must be in the future"},
		{"closes first", url.Values{"name": {"X"}, "opens": {future}, "closes": {"2001-01-01T09:00"}}, "not after it opens"},
		{"bad period", url.Values{"name": {"X"}, "opens": {future}, "every": {"0"}}, "Repeat every"},
		{"huge period", url.Values{"name": {"X"}, "opens": {future}, "every": {"99999999999999999999"}}, "Repeat every"},
		{"schedule closes first", url.Values{"name": {"X"}, "opens": {future}, "every": {"1"}, "unit": {"m"}, "closes": {"2001-01-01T09:00"}}, "Closes must be after Opens"},
	} {
		tc.form.Set("csrf", csrf)
		r := b.post("/surveys", tc.form)
		wantStatus(t, tc.what, r, http.StatusBadRequest)
		wantBody(t, tc.what, r, tc.want)
	}
	wantBody(t, "nothing created", b.get("/surveys"), "No survey rounds yet")
}

func TestSurveyRoundPageAndWhy(t *testing.T) {
	e, b, csrf, c, ids := surveyEnv(t)
	ctx := context.Background()
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &round); err != nil {
		t.Fatal(err)
	}
	r := b.get("/surveys/" + round.ID)
	wantBody(t, "round", r, "Pulse", "3 employees", "alice@acme.example", `href="/employees/`+ids["alice"]+`"`)
	wantNoBody(t, "round", r, "dave@acme.example")

	for _, tc := range []struct{ who, want string }{
		{"alice@acme.example", "Included"},
		{"ALICE@acme.example", "Included"},
		{ids["bob"], "Included"},
		{"dave@acme.example", "deactivated at "},
		{ids["dave"], "deactivated at "},
		{"nobody@acme.example", "Not found</span> no employee has this userName or id now"},
	} {
		r := b.get("/surveys/" + round.ID + "?who=" + url.QueryEscape(tc.who))
		wantStatus(t, tc.who, r, http.StatusOK)
		wantBody(t, tc.who, r, `id="why"`, tc.want)
	}
	// Someone roster cannot find is not said to be excluded: a member
	// deleted since the opening is still in a frozen audience.
	wantNoBody(t, "nobody", b.get("/surveys/"+round.ID+"?who=nobody%40acme.example"), "Excluded")

	// Another company's round is not found, to read or to cancel.
	other, _ := e.company("Other", "admin@other.example")
	theirs := directory.SurveyRound{ID: directory.NewID(), CompanyID: other.ID, Name: "Theirs", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "their round", b.get("/surveys/"+theirs.ID), http.StatusNotFound)
	wantStatus(t, "their round why", b.get("/surveys/"+theirs.ID+"?who=alice@acme.example"), http.StatusNotFound)
	wantStatus(t, "cancel their round", b.post("/surveys/"+theirs.ID+"/cancel", url.Values{"csrf": {csrf}}), http.StatusNotFound)
	if got, _ := e.store.SurveyRound(ctx, other.ID, theirs.ID); got.Cancelled {
		t.Error("another company's round was cancelled")
	}
	wantStatus(t, "unknown round", b.get("/surveys/nope"), http.StatusNotFound)
}

func TestSurveyRoundAudiencePages(t *testing.T) {
	e, b, _, c, _ := surveyEnv(t)
	ctx := context.Background()
	for i := 0; i < 60; i++ {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: "u" + directory.NewID() + "@acme.example", Active: true}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Big", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &round); err != nil {
		t.Fatal(err)
	}
	r := b.get("/surveys/" + round.ID)
	wantBody(t, "first page", r, "63 employees", "Next →")
	if n := strings.Count(r.body, "<code>"); n != 50 {
		t.Errorf("first page has %d rows; want 50", n)
	}
	i := strings.Index(r.body, `?after=`)
	next := r.body[i : i+strings.Index(r.body[i:], `"`)]
	r = b.get("/surveys/" + round.ID + next)
	wantBody(t, "second page", r, "← First page")
	wantNoBody(t, "second page", r, "Next →")
	if n := strings.Count(r.body, "<code>"); n != 13 {
		t.Errorf("second page has %d rows; want 13", n)
	}
}

func TestSurveyRoundChangeSincePrevious(t *testing.T) {
	e, b, _, c, ids := surveyEnv(t)
	ctx := context.Background()
	round := func(name string, opens time.Time) directory.SurveyRound {
		r := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: name, OpensAt: opens}
		if err := e.store.CreateSurveyRound(ctx, &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	tick := func() { time.Sleep(5 * time.Millisecond) }
	// First: alice, bob, carol; frozen by a read after its opening.
	first := round("First", time.Now())
	if _, _, err := e.store.SurveyAudience(ctx, c.ID, first.ID, "", 1); err != nil {
		t.Fatal(err)
	}
	tick()
	// Between the rounds bob leaves, erin and fay join; carol leaves and
	// comes back.
	setActive := func(id string, active bool) {
		if _, err := e.store.UpdateEmployee(ctx, c.ID, id, directory.Actor{}, func(x *directory.Employee) error { x.Active = active; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	setActive(ids["bob"], false)
	setActive(ids["carol"], false)
	setActive(ids["carol"], true)
	for _, n := range []string{"erin", "fay"} {
		emp := directory.Employee{ID: directory.NewID(), CompanyID: c.ID, UserName: n + "@acme.example", Active: true}
		if err := e.store.CreateEmployee(ctx, &emp, directory.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	tick()
	cancelled := round("Cancelled", time.Now().Add(time.Hour))
	if err := e.store.CancelSurveyRound(ctx, c.ID, cancelled.ID); err != nil {
		t.Fatal(err)
	}
	second := round("Second", time.Now())
	next := round("Next", time.Now().Add(2*time.Hour))

	wantNoBody(t, "first round", b.get("/surveys/"+first.ID), "Since the previous round")
	r := b.get("/surveys/" + second.ID)
	wantBody(t, "second round", r, "4 employees", `Since the previous round, <a href="/surveys/`+first.ID+`">First</a>:`, "<strong>2</strong> joined, <strong>1</strong> left.")
	// The upcoming round's previous is Second (Cancelled does not count),
	// and its audience is not frozen yet.
	wantBody(t, "upcoming round", b.get("/surveys/"+next.ID), `Since the previous round, <a href="/surveys/`+second.ID+`">Second</a>:`, "counted when this round opens")
}

// A why lookup names a deletion with its evidence, and says what the
// guard holds of an included employee; the employee list leaves out one
// whose delete is held (deleted, as the identity provider says).
func TestSurveyWhyDeletedAndHeld(t *testing.T) {
	e, b, _, c, ids := surveyEnv(t)
	ctx := context.Background()
	_, hash := directory.NewToken()
	conn := directory.Connection{ID: directory.NewID(), CompanyID: c.ID, Label: "Okta", TokenHash: hash}
	if err := e.store.CreateConnection(ctx, &conn); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SetGuardPolicy(ctx, c.ID, directory.GuardPolicy{Percent: 1, Min: 1, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
	by := directory.Actor{ConnectionID: conn.ID, Request: &directory.RequestInfo{Client: directory.ClientOkta, RequestID: "r_del"}}
	for _, who := range []string{"carol", "bob"} { // carol's applies, bob's is held
		if err := e.store.DeleteEmployee(ctx, c.ID, ids[who], by, nil); err != nil {
			t.Fatal(err)
		}
	}
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &round); err != nil {
		t.Fatal(err)
	}
	r := b.get("/surveys/" + round.ID + "?who=" + ids["carol"])
	wantBody(t, "why deleted", r, `id="why"`, "Excluded", "deleted at ", "by Okta (request r_del)")
	r = b.get("/surveys/" + round.ID + "?who=" + ids["bob"])
	wantBody(t, "why held", r, "Included", `id="why-held"`, "its delete by Okta", "is held by the mass-deactivation guard")
	// The list leaves bob out; the guard's banner above it names him.
	r = b.get("/employees")
	banner, list, _ := strings.Cut(r.body, `id="count"`)
	wantBody(t, "list", response{status: r.status, body: list}, "alice@acme.example")
	wantNoBody(t, "list", response{status: r.status, body: list}, "bob@acme.example", "carol@acme.example")
	wantBody(t, "banner", response{status: r.status, body: banner}, "guard-banner")
	// bob's page (the banner links to it) says why he is gone; carol's,
	// whose delete applied, is not found.
	r = b.get("/employees/" + ids["bob"])
	if r.status != http.StatusNotFound {
		t.Errorf("held-deleted employee's page: %d, want 404", r.status)
	}
	wantBody(t, "held-deleted page", r, "the delete is held by the mass-deactivation guard", "Okta deleted bob@acme.example at ", "(request r_del)")
	wantNoBody(t, "deleted page", b.get("/employees/"+ids["carol"]), "mass-deactivation guard")
}
