package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// PATCH a round: a merge of name, opensAt and closesAt; fields left out
// are kept, a null closesAt takes the default length; the listing shows
// the edit.
func TestEditRound(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		opens := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second)
		id := e.postRound("Pulse", opens)
		path := e.surveysPath() + "/" + id
		moved := opens.Add(24 * time.Hour)
		r := e.sendBody(http.MethodPatch, bearer(e.key), path, `{"name":"Pulse (moved)","opensAt":"`+moved.Format(time.RFC3339)+`","closesAt":"`+moved.Add(2*time.Hour).Format(time.RFC3339)+`"}`)
		if r.status != http.StatusOK || r.body["id"] != id || r.body["name"] != "Pulse (moved)" ||
			r.body["opensAt"] != moved.Format(time.RFC3339) || r.body["closesAt"] != moved.Add(2*time.Hour).Format(time.RFC3339) {
			t.Fatalf("PATCH: %d\n%s", r.status, r.raw)
		}
		r = e.sendBody(http.MethodPatch, bearer(e.key), path, `{"closesAt":null}`)
		if r.status != http.StatusOK || r.body["name"] != "Pulse (moved)" || r.body["closesAt"] != moved.Add(7*24*time.Hour).Format(time.RFC3339) {
			t.Fatalf("PATCH closesAt null: %d\n%s", r.status, r.raw)
		}
		list := e.get(bearer(e.key), e.surveysPath()).body["rounds"].([]any)
		if got := list[0].(map[string]any); got["name"] != "Pulse (moved)" || got["opensAt"] != moved.Format(time.RFC3339) {
			t.Errorf("listing = %v", got)
		}
	})
}

// An opened or cancelled round is 409 with a detail that says why; an
// unknown round 404; bad patches 400 — and none of them changes the round.
func TestEditRoundRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		opened := e.postRound("opened", time.Now().Add(-time.Hour))
		cancelled := e.postRound("cancelled", time.Now().Add(time.Hour))
		upcoming := e.postRound("upcoming", time.Now().Add(time.Hour))
		if r := e.send(http.MethodPost, bearer(e.key), e.surveysPath()+"/"+cancelled+"/cancel"); r.status != http.StatusOK {
			t.Fatalf("cancel: %d %s", r.status, r.raw)
		}
		for id, want := range map[string]string{opened: "has opened already", cancelled: "was cancelled"} {
			r := e.sendBody(http.MethodPatch, bearer(e.key), e.surveysPath()+"/"+id, `{"name":"x"}`)
			wantProblem(t, r, http.StatusConflict)
			if d, _ := r.body["detail"].(string); !strings.Contains(d, want) {
				t.Errorf("detail %q; want it to say %q", d, want)
			}
		}
		wantProblem(t, e.sendBody(http.MethodPatch, bearer(e.key), e.surveysPath()+"/nope", `{"name":"x"}`), http.StatusNotFound)
		past := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339)
		for name, body := range map[string]string{
			"empty":             `{}`,
			"not JSON":          `{"name":`,
			"unknown field":     `{"every":"2w"}`,
			"null name":         `{"name":null}`,
			"null opensAt":      `{"opensAt":null}`,
			"name not string":   `{"name":3}`,
			"bad time":          `{"opensAt":"tomorrow"}`,
			"into the past":     `{"opensAt":"` + past + `"}`,
			"closes first":      `{"closesAt":"` + past + `"}`,
			"blank name":        `{"name":"  "}`,
			"two objects":       `{"name":"a"} {}`,
			"name not storable": `{"name":"a\u0000b"}`,
		} {
			t.Run(name, func(t *testing.T) {
				wantProblem(t, e.sendBody(http.MethodPatch, bearer(e.key), e.surveysPath()+"/"+upcoming, body), http.StatusBadRequest)
			})
		}
		for _, x := range e.get(bearer(e.key), e.surveysPath()).body["rounds"].([]any) {
			m := x.(map[string]any)
			if m["name"] == "x" || m["name"] == "a" {
				t.Errorf("a refused PATCH changed %v", m)
			}
		}
	})
}
