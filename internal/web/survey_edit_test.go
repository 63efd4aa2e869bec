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

// An upcoming round's page has an edit form; saving it changes the
// round, says so, and logs it. A name-only edit keeps the round's times
// to the second (the form shows minutes).
func TestSurveyEdit(t *testing.T) {
	e, b, csrf, c, _ := surveyEnv(t)
	ctx := context.Background()
	opens := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second).Add(17 * time.Second)
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", OpensAt: opens}
	if err := e.store.CreateSurveyRound(ctx, &round); err != nil {
		t.Fatal(err)
	}
	wantBody(t, "list", b.get("/surveys"), `href="/surveys/`+round.ID+`#edit"`)
	page := b.get("/surveys/" + round.ID)
	wantBody(t, "round page", page, `action="/surveys/`+round.ID+`/edit"`, `value="`+formTime(opens)+`"`)

	r := b.post("/surveys/"+round.ID+"/edit", url.Values{"csrf": {csrf}, "name": {"Pulse renamed"}, "opens": {formTime(opens)}, "closes": {formTime(round.ClosesAt)}})
	wantStatus(t, "rename", r, http.StatusSeeOther)
	got, err := e.store.SurveyRound(ctx, c.ID, round.ID)
	if err != nil || got.Name != "Pulse renamed" || !got.OpensAt.Equal(opens) || !got.ClosesAt.Equal(round.ClosesAt) {
		t.Fatalf("after rename: %+v, %v", got, err)
	}

	moved := opens.Add(24 * time.Hour).Truncate(time.Minute)
	r = b.post("/surveys/"+round.ID+"/edit", url.Values{"csrf": {csrf}, "name": {"Pulse moved"}, "opens": {formTime(moved)}, "closes": {""}})
	wantStatus(t, "move", r, http.StatusSeeOther)
	wantBody(t, "flash", b.get("/surveys/"+round.ID+"?done=edited"), "The round is saved")
	got, _ = e.store.SurveyRound(ctx, c.ID, round.ID)
	if got.Name != "Pulse moved" || !got.OpensAt.Equal(moved) || !got.ClosesAt.Equal(moved.Add(directory.DefaultRoundLength)) {
		t.Fatalf("after move: %+v", got)
	}
	wantBody(t, "activity", b.get("/activity"), "survey edited", `round "Pulse renamed" edited: name "Pulse" → "Pulse renamed"`,
		`round "Pulse moved" edited: name "Pulse renamed" → "Pulse moved"; opens `+opens.Format(time.RFC3339)+` → `+moved.Format(time.RFC3339))
}

// Refused edits: bad input keeps the form as typed with the reason; an
// opened round has no form and a POST is a 409; another company's round
// is not found; without CSRF nothing happens.
func TestSurveyEditRefused(t *testing.T) {
	e, b, csrf, c, _ := surveyEnv(t)
	ctx := context.Background()
	round := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Pulse", OpensAt: time.Now().Add(48 * time.Hour)}
	opened := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: "Opened", OpensAt: time.Now().Add(-time.Hour)}
	for _, r := range []*directory.SurveyRound{&round, &opened} {
		if err := e.store.CreateSurveyRound(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	future := formTime(time.Now().Add(72 * time.Hour))
	for _, tc := range []struct {
		what string
		form url.Values
		want string
	}{
		{"into the past", url.Values{"name": {"Typed name"}, "opens": {"2001-01-01T09:00"}, "closes": {future}}, "not in the future"},
		{"closes first", url.Values{"name": {"Typed name"}, "opens": {future}, "closes": {"2001-01-01T09:00"}}, "not after it opens"},
		{"garbage", url.Values{"name": {"Typed name"}, "opens": {"soon"}}, "Opens must be a day and time"},
		{"no name", url.Values{"name": {" "}, "opens": {future}}, "needs a name"},
		{"name too long", url.Values{"name": {strings.Repeat("x", directory.MaxRoundNameLength+1)}, "opens": {future}}, "at most 200 characters"},
	} {
		tc.form.Set("csrf", csrf)
		r := b.post("/surveys/"+round.ID+"/edit", tc.form)
		wantStatus(t, tc.what, r, http.StatusBadRequest)
		wantBody(t, tc.what, r, tc.want, `value="`+tc.form.Get("opens")+`"`)
	}
	if got, _ := e.store.SurveyRound(ctx, c.ID, round.ID); got.Name != "Pulse" {
		t.Errorf("a refused edit changed the round: %+v", got)
	}
	wantStatus(t, "without csrf", b.post("/surveys/"+round.ID+"/edit", url.Values{"name": {"x"}, "opens": {future}}), http.StatusForbidden)

	wantNoBody(t, "opened round", b.get("/surveys/"+opened.ID), `/edit"`)
	r := b.post("/surveys/"+opened.ID+"/edit", url.Values{"csrf": {csrf}, "name": {"x"}, "opens": {future}})
	wantStatus(t, "edit opened", r, http.StatusConflict)
	wantBody(t, "edit opened", r, "This round cannot be edited", "has opened already")

	other, _ := e.company("Other", "admin@other.example")
	theirs := directory.SurveyRound{ID: directory.NewID(), CompanyID: other.ID, Name: "Theirs", OpensAt: time.Now().Add(time.Hour)}
	if err := e.store.CreateSurveyRound(ctx, &theirs); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, "their round", b.post("/surveys/"+theirs.ID+"/edit", url.Values{"csrf": {csrf}, "name": {"x"}, "opens": {future}}), http.StatusNotFound)
	if got, _ := e.store.SurveyRound(ctx, other.ID, theirs.ID); got.Name != "Theirs" {
		t.Error("another company's round was edited")
	}
}

// The list says, per opened round, how many joined and left since the
// previous round; so does the round's page.
func TestSurveysListJoinedLeft(t *testing.T) {
	e, b, _, c, ids := surveyEnv(t)
	ctx := context.Background()
	newRound := func(name string) directory.SurveyRound {
		time.Sleep(2 * time.Millisecond)
		r := directory.SurveyRound{ID: directory.NewID(), CompanyID: c.ID, Name: name, OpensAt: time.Now()}
		if err := e.store.CreateSurveyRound(ctx, &r); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
		return r
	}
	newRound("First")
	if _, err := e.store.UpdateEmployee(ctx, c.ID, ids["alice"], directory.Actor{}, func(x *directory.Employee) error {
		x.Active = false
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	second := newRound("Second")
	wantBody(t, "list", b.get("/surveys"), "0 joined, 1 left")
	wantBody(t, "round page", b.get("/surveys/"+second.ID), "Since the previous round", "First", "<strong>0</strong> joined, <strong>1</strong> left")
}
