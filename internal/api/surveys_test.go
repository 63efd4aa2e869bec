package api_test

import (
	"context"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"roster/internal/directory"
)

// surveysPath is the company's surveys collection.
func (e *env) surveysPath() string { return "/api/v1/companies/" + e.company.ID + "/surveys" }

// postRound creates a one-off round over the API and returns its id.
func (e *env) postRound(name string, opens time.Time) string {
	e.t.Helper()
	r := e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), `{"name":"`+name+`","opensAt":"`+opens.Format(time.RFC3339Nano)+`"}`)
	if r.status != http.StatusCreated {
		e.t.Fatalf("POST surveys: %d\n%s", r.status, r.raw)
	}
	return r.body["rounds"].([]any)[0].(map[string]any)["id"].(string)
}

// A one-off round: 201 with the round (closing a week after it opens by
// default) and a Location where a GET reads it back; the listing shows it.
func TestCreateOneOffRound(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		e.newEmployee(e.company.ID, "ann")
		opens := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
		r := e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), `{"name":" Q4 pulse ","opensAt":"`+opens.Format(time.RFC3339)+`"}`)
		if r.status != http.StatusCreated {
			t.Fatalf("POST: %d\n%s", r.status, r.raw)
		}
		round := r.body["rounds"].([]any)[0].(map[string]any)
		if loc := r.header.Get("Location"); loc != e.surveysPath()+"/"+round["id"].(string) {
			t.Errorf("Location = %q", loc)
		}
		if back := e.get(bearer(e.key), r.header.Get("Location")); back.status != http.StatusOK || !reflect.DeepEqual(back.body, round) {
			t.Errorf("GET Location: %d %s, want %v", back.status, back.raw, round)
		}
		if missing := e.get(bearer(e.key), e.surveysPath()+"/no-such-round"); missing.status != http.StatusNotFound {
			t.Errorf("GET unknown round: %d %s", missing.status, missing.raw)
		}
		if round["name"] != "Q4 pulse" || round["closesAt"] != opens.Add(7*24*time.Hour).Format(time.RFC3339) ||
			round["cancelled"] != false || round["frozen"] != false || round["audienceSize"] != float64(1) || r.body["scheduleId"] != nil {
			t.Errorf("round = %v", r.body)
		}
		list := e.get(bearer(e.key), e.surveysPath())
		if got := list.body["rounds"].([]any); len(got) != 1 || got[0].(map[string]any)["id"] != round["id"] {
			t.Errorf("listing = %s", list.raw)
		}
	})
}

// Bad bodies are 400 problems that say what is wrong, never a round.
func TestCreateRoundBadInput(t *testing.T) {
	e := newEnv(t, "sqlite")
	for name, body := range map[string]string{
		"not JSON":          `{"name":`,
		"unknown field":     `{"name":"a","opensAt":"2030-01-01T00:00:00Z","open":"x"}`,
		"bad time":          `{"name":"a","opensAt":"tomorrow"}`,
		"no opensAt":        `{"name":"a"}`,
		"no name":           `{"name":"  ","opensAt":"2030-01-01T00:00:00Z"}`,
		"closes first":      `{"name":"a","opensAt":"2030-01-02T00:00:00Z","closesAt":"2030-01-01T00:00:00Z"}`,
		"bad every":         `{"name":"a","opensAt":"2030-01-01T00:00:00Z","every":"2d"}`,
		"schedule closes":   `{"name":"a","opensAt":"2030-01-02T00:00:00Z","closesAt":"2030-01-01T00:00:00Z","every":"1m"}`,
		"two objects":       `{"name":"a","opensAt":"2030-01-01T00:00:00Z"} {}`,
		"not an object":     `[1]`,
		"name not storable": `{"name":"a\u0000b","opensAt":"2030-01-01T00:00:00Z"}`,
		"name not UTF-8":    "{\"name\":\"J\xf6rg\",\"opensAt\":\"2030-01-01T00:00:00Z\"}",
		"lone surrogate":    `{"name":"a\ud800","opensAt":"2030-01-01T00:00:00Z"}`,
	} {
		t.Run(name, func(t *testing.T) {
			wantProblem(t, e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), body), http.StatusBadRequest)
		})
	}
	if r := e.get(bearer(e.key), e.surveysPath()); len(r.body["rounds"].([]any)) != 0 {
		t.Errorf("rounds after bad requests: %s", r.raw)
	}
}

// Cancel: a round not opened yet is cancelled (and listed, flagged); an
// opened one is 409 and keeps its audience; an unknown one 404; cancel
// is a POST.
func TestCancelRound(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		upcoming := e.postRound("later", time.Now().Add(24*time.Hour))
		opened := e.postRound("now", time.Now().Add(-time.Hour))
		r := e.send(http.MethodPost, bearer(e.key), e.surveysPath()+"/"+upcoming+"/cancel")
		if r.status != http.StatusOK || r.body["cancelled"] != true || r.body["id"] != upcoming {
			t.Fatalf("cancel: %d\n%s", r.status, r.raw)
		}
		wantProblem(t, e.send(http.MethodPost, bearer(e.key), e.surveysPath()+"/"+opened+"/cancel"), http.StatusConflict)
		wantProblem(t, e.send(http.MethodPost, bearer(e.key), e.surveysPath()+"/nope/cancel"), http.StatusNotFound)
		r = e.get(bearer(e.key), e.surveysPath()+"/"+upcoming+"/cancel")
		wantProblem(t, r, http.StatusMethodNotAllowed)
		if r.header.Get("Allow") != "POST" {
			t.Errorf("Allow = %q; want POST", r.header.Get("Allow"))
		}
		cancelled := map[any]any{}
		for _, x := range e.get(bearer(e.key), e.surveysPath()).body["rounds"].([]any) {
			m := x.(map[string]any)
			cancelled[m["id"]] = m["cancelled"]
		}
		if cancelled[upcoming] != true || cancelled[opened] != false {
			t.Errorf("listing's cancelled flags = %v", cancelled)
		}
	})
}

// The audience pages by cursor with the whole size on every page;
// recipients are nobody outside the round's open window; bad parameters
// are 400s and unknown rounds 404s.
func TestRoundAudiencePages(t *testing.T) {
	e := newEnv(t, "sqlite")
	var want []string
	for _, u := range []string{"a", "b", "c", "d", "e"} {
		want = append(want, e.newEmployee(e.company.ID, u).ID)
	}
	time.Sleep(time.Millisecond)
	round := e.postRound("now", time.Now().Add(-time.Millisecond))
	base := e.surveysPath() + "/" + round
	r := e.get(bearer(e.key), base+"/audience?limit=2")
	if r.body["size"] != float64(5) || len(r.body["audience"].([]any)) != 2 || r.body["nextCursor"] == nil {
		t.Fatalf("first page: %s", r.raw)
	}
	if got := e.members(base+"/audience?limit=2", "audience"); !equalSets(got, want) {
		t.Errorf("audience = %v; want %v", got, want)
	}
	if got := e.members(base+"/recipients?limit=3", "recipients"); !equalSets(got, want) {
		t.Errorf("recipients now = %v; want %v", got, want)
	}
	closed := e.get(bearer(e.key), base+"/recipients?at="+time.Now().Add(8*24*time.Hour).Format(time.RFC3339))
	if closed.body["open"] != false || len(closed.body["recipients"].([]any)) != 0 {
		t.Errorf("recipients after closing: %s", closed.raw)
	}
	for _, p := range []string{"/audience?cursor=zz", "/audience?limit=0", "/recipients?at=soon", "/recipients?limit=1001", "/audience?%zz"} {
		wantProblem(t, e.get(bearer(e.key), base+p), http.StatusBadRequest)
	}
	for _, p := range []string{"/nope/audience", "/nope/recipients", "/nope/why/x", "/" + round + "x/why/x"} {
		wantProblem(t, e.get(bearer(e.key), e.surveysPath()+p), http.StatusNotFound)
	}
	if w := e.get(bearer(e.key), base+"/why/"+want[0]); w.body["included"] != true || len(w.body["evidence"].(map[string]any)) != 0 {
		t.Errorf("why included: %s", w.raw)
	}
}

// Survey endpoints take the same keys as the rest: none is 401, a key
// limited to another company 403, never data.
func TestSurveyEndpointsNeedTheKey(t *testing.T) {
	e := newEnv(t, "sqlite")
	round := e.postRound("r", time.Now().Add(time.Hour))
	_, other := e.newKey(e.newCompany("Other").ID)
	for _, rq := range []struct{ method, path string }{
		{http.MethodGet, e.surveysPath()},
		{http.MethodPost, e.surveysPath()},
		{http.MethodPost, e.surveysPath() + "/" + round + "/cancel"},
		{http.MethodPatch, e.surveysPath() + "/" + round},
		{http.MethodGet, e.surveysPath() + "/" + round + "/audience"},
		{http.MethodGet, e.surveysPath() + "/" + round + "/recipients"},
		{http.MethodGet, e.surveysPath() + "/" + round + "/why/x"},
	} {
		wantProblem(t, e.send(rq.method, "", rq.path), http.StatusUnauthorized)
		wantProblem(t, e.send(rq.method, bearer(e.scim), rq.path), http.StatusUnauthorized)
		wantProblem(t, e.send(rq.method, bearer(other), rq.path), http.StatusForbidden)
	}
}

func equalSets(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			return false
		}
	}
	return true
}

// A bad body's detail names the field and the kind of value in the
// client's terms, never the Go type it was read into; one over the limit
// is 413 with the limit.
func TestBadBodyDetails(t *testing.T) {
	e := newEnv(t, "sqlite")
	for _, tc := range []struct{ body, detail string }{
		{`{"name":123,"opensAt":"2030-05-01T09:00:00Z"}`, `"name" must be a string, not a number`},
		{`{"name":"a","opensAt":1700000000}`, `"opensAt" must be a string, an RFC 3339 time`},
		{`{"name":"a","opensAt":"2030-05-01"}`, `"opensAt": "2030-05-01" is not an RFC 3339 time`},
		{`{"name":"a","opensAt":"2030-05-01T09:00:00Z","closesAt":true}`, `"closesAt" must be a string, an RFC 3339 time`},
		{`{"name":"a","opensAt":"2030-05-01T09:00:00Z","closesAt":"soon"}`, `"closesAt": "soon" is not an RFC 3339 time`},
		{`{"name":"a","opensAt":null}`, `opensAt is required`},
		{`[]`, `it must be an object, not an array`},
		{`{"name":"a","opensAt":"2030-05-01T09:00:00Z","open":"x"}`, `unknown field "open"`},
	} {
		r := e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), tc.body)
		wantProblem(t, r, http.StatusBadRequest)
		if d, _ := r.body["detail"].(string); !strings.Contains(d, tc.detail) || strings.Contains(d, "Go ") || strings.Contains(d, "newSurvey") {
			t.Errorf("%s: detail %q; want %q in the client's terms", tc.body, d, tc.detail)
		}
	}
	big := `{"name":"` + strings.Repeat("A", 70000) + `","opensAt":"2030-05-01T09:00:00Z"}`
	r := e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), big)
	wantProblem(t, r, http.StatusRequestEntityTooLarge)
	if d, _ := r.body["detail"].(string); !strings.Contains(d, "65536 bytes") {
		t.Errorf("oversize body: detail %q; want the limit", d)
	}
}

// Rounds scheduled, edited and cancelled through the API are in the
// activity log as the console's and the command line's are, by "api";
// a repeated cancel and refused requests log nothing.
func TestSurveyActionsLogged(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		opens := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		id := e.postRound("Pulse", opens)
		if r := e.sendBody(http.MethodPatch, bearer(e.key), e.surveysPath()+"/"+id, `{"name":"Pulse 2"}`); r.status != http.StatusOK {
			t.Fatalf("PATCH: %d %s", r.status, r.raw)
		}
		wantProblem(t, e.sendBody(http.MethodPatch, bearer(e.key), e.surveysPath()+"/"+id, `{"name":"  "}`), http.StatusBadRequest)
		for range 2 {
			if r := e.send(http.MethodPost, bearer(e.key), e.surveysPath()+"/"+id+"/cancel"); r.status != http.StatusOK {
				t.Fatalf("cancel: %d %s", r.status, r.raw)
			}
		}
		r := e.sendBody(http.MethodPost, bearer(e.key), e.surveysPath(), `{"name":"Biweekly","opensAt":"`+opens.Format(time.RFC3339)+`","every":"2w"}`)
		if r.status != http.StatusCreated {
			t.Fatalf("schedule: %d %s", r.status, r.raw)
		}
		entries, _, err := e.store.ActivityLog(context.Background(), e.company.ID, directory.ActivityQuery{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(entries) - 1; i >= 0; i-- {
			if x := entries[i]; strings.HasPrefix(x.Operation, "survey") {
				got = append(got, x.Actor()+" "+x.Operation+": "+x.Detail)
			}
		}
		want := []string{
			`api survey scheduled: round "Pulse" scheduled, opening ` + opens.Format(time.RFC3339),
			`api survey edited: round "Pulse 2" edited: name "Pulse" → "Pulse 2"`,
			`api survey cancelled: round "Pulse 2" cancelled`,
			`api survey scheduled: schedule "Biweekly" every 2 weeks from ` + opens.Format(time.RFC3339),
		}
		if !slices.Equal(got, want) {
			t.Errorf("survey entries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
